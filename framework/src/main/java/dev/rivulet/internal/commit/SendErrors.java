package dev.rivulet.internal.commit;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The send callback of a committer: keeps the first failed send until the commit looks at it.
 * One instance serves every send, so the per-record path allocates no callback.
 */
final class SendErrors implements Callback {
  private final AtomicReference<@Nullable Exception> first = new AtomicReference<>();

  @Override
  public void onCompletion(RecordMetadata metadata, @Nullable Exception e) {
    if (e != null) {
      first.compareAndSet(null, e);
    }
  }

  /** This callback, or one that also hands the acknowledged offset to {@code onOffset}. */
  Callback reportingOffset(@Nullable LongConsumer onOffset) {
    if (onOffset == null) {
      return this;
    }
    return (md, e) -> {
      onCompletion(md, e);
      if (e == null) {
        onOffset.accept(md.offset());
      }
    };
  }

  @Nullable Exception peek() {
    return first.get();
  }

  /** The first failure since the last call, or null; forgets it. */
  @Nullable Exception take() {
    return first.getAndSet(null);
  }

  void clear() {
    first.set(null);
  }
}
