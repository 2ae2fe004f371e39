package dev.rivulet.internal.runtime;

import dev.rivulet.internal.commit.Committer;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Wraps each worker's committer as it is created. A seam for tests that inject faults into the
 * commit path (the chaos suite proves its checker catches a committer that breaks exactly-once);
 * the runtime built by {@link dev.rivulet.api.runtime.RivuletBuilder} uses {@link #NONE}.
 */
@FunctionalInterface
public interface CommitterDecorator {
  /** Leaves the committer as it is. */
  CommitterDecorator NONE = (committer, consumer) -> committer;

  /**
   * Returns the committer the worker uses instead of {@code committer}.
   *
   * @param committer the committer the runtime created for the worker
   * @param consumer the worker's main consumer
   */
  Committer decorate(Committer committer, Consumer<byte[], byte[]> consumer);
}
