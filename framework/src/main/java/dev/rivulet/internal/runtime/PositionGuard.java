package dev.rivulet.internal.runtime;

import dev.rivulet.internal.task.Task;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a task from reading input its state already reflects. Under exactly-once each task's
 * state records, in the same transaction as the consumer offsets, the next input offset it has
 * applied; the group's committed offset can therefore never be behind it. If it is (a group
 * coordinator that served a stale offset after a broker restart, or offsets reset by hand without
 * resetting state), replaying from there would apply records twice, so the task resumes from
 * its state's position instead, logs a warning and counts it.
 *
 * <p>Under at-least-once the changelog is flushed before the offset commit, so the state may
 * legitimately be ahead and replay is the documented behaviour: the guard is off.
 */
final class PositionGuard {
  private static final Logger log = LoggerFactory.getLogger(PositionGuard.class);
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final boolean enabled;

  PositionGuard(Consumer<byte[], byte[]> consumer, boolean enabled) {
    this.consumer = consumer;
    this.enabled = enabled;
  }

  /** Before a task's first record: moves each input forward to the state's position if needed. */
  void align(Task<?, ?, ?> task) {
    if (!enabled) {
      return;
    }
    for (TopicPartition tp : task.inputs()) {
      correct(task, tp, consumer.position(tp, LOOKUP_TIMEOUT));
    }
  }

  /**
   * Seeks a task's inputs back to the group's committed offsets (after an abort), but never
   * behind the state's position.
   */
  void rewind(Task<?, ?, ?> task, Map<TopicPartition, OffsetAndMetadata> committed) {
    for (TopicPartition tp : task.inputs()) {
      OffsetAndMetadata at = committed.get(tp);
      if (at != null) {
        consumer.seek(tp, at);
      } else {
        consumer.seekToBeginning(java.util.List.of(tp));
      }
      if (enabled) {
        correct(task, tp, at == null ? -1 : at.offset());
      }
    }
  }

  private void correct(Task<?, ?, ?> task, TopicPartition tp, long groupOffset) {
    long applied = task.committedPosition(tp);
    if (applied > groupOffset && applied >= 0) {
      log.warn("Task {}: the group's committed offset of {} is {} but the task's state already "
          + "reflects input up to {}; resuming from {} so no record is applied twice (a broker "
          + "served a stale offset, or offsets were reset without resetting state)",
          task.id(), tp, groupOffset, applied, applied);
      consumer.seek(tp, applied);
      task.positionCorrected();
    }
  }
}
