package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.runtime.RivuletListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the first fatal error of the runtime, for health reporting. Registered on the
 * runtime the starter builds (as a {@link RivuletListener} bean); add it yourself to a
 * {@code Rivulet} bean you build. Thread-safe.
 */
public final class FatalErrorRecorder implements RivuletListener {

  private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();

  @Override
  public void onFatalError(Throwable error) {
    this.error.compareAndSet(null, error);
  }

  /** The first fatal error, if any. */
  public Optional<Throwable> fatalError() {
    return Optional.ofNullable(error.get());
  }
}
