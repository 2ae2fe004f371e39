package dev.rivulet.internal.runtime;

import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

/**
 * The admin client a runtime's rare paths share ({@link OpenTransactions},
 * {@link AbandonedTransactions}): created on first use, so a runtime that never needs it holds no
 * connection for it. Thread-safe.
 */
final class SharedAdmin implements Supplier<Admin>, AutoCloseable {
  private final Supplier<Admin> factory;
  private @Nullable Admin admin;
  private boolean closed;

  SharedAdmin(Supplier<Admin> factory) {
    this.factory = factory;
  }

  /** The admin client, created now if this is the first use. */
  @Override
  public synchronized Admin get() {
    if (closed) {
      throw new IllegalStateException("The runtime's admin client is closed");
    }
    if (admin == null) {
      admin = factory.get();
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
