package dev.rivulet.internal.runtime;

import dev.rivulet.internal.task.Task;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a task from reading input its state already reflects. Under exactly-once each task's
 * state records, in the same transaction as the consumer offsets, the next input offset it has
 * applied ({@link Task#committedPosition}); nothing but transaction markers or aborted records
 * can lie between that position and the group's committed offset. So:
 *
 * <ul>
 *   <li>before a task's first record, if the group's committed offset is <em>behind</em> the
 *       state (a group coordinator that served a stale offset after a broker restart, or offsets
 *       reset by hand without resetting state), the task resumes from its state's position
 *       instead, with a warning and a count; a committed offset ahead of it is kept (an
 *       operator skipped input on purpose). The look-up never blocks the worker: a task whose
 *       committed offset is not known yet stays paused and is tried again on the next loop; if
 *       it stays unknown for {@link #OFFSET_WAIT} (a coordinator that keeps answering "unstable
 *       offset" for a transaction it lost track of) and the state has a position for every
 *       input, the task resumes from the state's positions;
 *   <li>after an abort, tasks rewind to their state's positions without asking the group
 *       coordinator at all; only inputs without a recorded position fall back to the group's
 *       committed offsets.
 * </ul>
 *
 * <p>Under at-least-once the changelog is flushed before the offset commit, so the state may
 * legitimately be ahead and replay is the documented behaviour; the test-only broken commit path
 * must stay observable. In both cases the guard is off.
 */
final class PositionGuard {
  private static final Logger log = LoggerFactory.getLogger(PositionGuard.class);
  static final Duration OFFSET_WAIT = Duration.ofSeconds(15);

  private final Consumer<byte[], byte[]> consumer;
  private final boolean enabled;
  /** Restored tasks waiting for their group offsets (inputs still paused), since when. */
  private final Map<Task<?, ?, ?>, Long> waiting = new LinkedHashMap<>();

  PositionGuard(Consumer<byte[], byte[]> consumer, boolean enabled) {
    this.consumer = consumer;
    this.enabled = enabled;
  }

  /** A restored task that must be aligned before it runs. */
  void await(Task<?, ?, ?> task) {
    waiting.put(task, System.nanoTime());
  }

  /** A task closed before it was aligned. */
  void forget(Task<?, ?, ?> task) {
    waiting.remove(task);
  }

  /** Hands every waiting task that is aligned now to {@code start} (never blocks). */
  void startAligned(java.util.function.Consumer<Task<?, ?, ?>> start) {
    if (waiting.isEmpty()) {
      return;
    }
    for (Iterator<Map.Entry<Task<?, ?, ?>, Long>> it = waiting.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Task<?, ?, ?>, Long> e = it.next();
      if (!tryAlign(e.getKey(), e.getValue())) {
        // the consumer fetches the group's offsets for all its new partitions at once: if one
        // is unknown the rest are too, and later tasks have waited no longer than this one
        return;
      }
      it.remove();
      start.accept(e.getKey());
    }
  }

  /**
   * Moves a restored task's inputs forward to its state's position where the group's committed
   * offset is behind it. Returns false, changing nothing, while a committed offset is unknown
   * and the task has waited less than {@link #OFFSET_WAIT} since {@code waitingSinceNanos}.
   */
  private boolean tryAlign(Task<?, ?, ?> task, long waitingSinceNanos) {
    if (!enabled) {
      return true;
    }
    Map<TopicPartition, Long> groupOffsets = new HashMap<>();
    try {
      for (TopicPartition tp : task.inputs()) {
        groupOffsets.put(tp, consumer.position(tp, Duration.ZERO));
      }
    } catch (TimeoutException notYetKnown) {
      return System.nanoTime() - waitingSinceNanos >= OFFSET_WAIT.toNanos()
          && resumeFromState(task);
    }
    groupOffsets.forEach((tp, groupOffset) -> {
      long applied = task.committedPosition(tp);
      if (applied > groupOffset) {
        log.warn("Task {}: the group's committed offset of {} is {} but the task's state "
            + "already reflects input up to {}; resuming from {} so no record is applied twice "
            + "(a broker served a stale offset, or offsets were reset without resetting state)",
            task.id(), tp, groupOffset, applied, applied);
        consumer.seek(tp, applied);
        task.positionCorrected();
      }
    });
    return true;
  }

  private boolean resumeFromState(Task<?, ?, ?> task) {
    for (TopicPartition tp : task.inputs()) {
      if (task.committedPosition(tp) < 0) {
        return false; // nothing to go by but the group's offset: keep waiting for it
      }
    }
    for (TopicPartition tp : task.inputs()) {
      long applied = task.committedPosition(tp);
      log.warn("Task {}: the group's committed offset of {} is still unknown after {} s; "
          + "resuming from the position the task's state reflects, {}", task.id(), tp,
          OFFSET_WAIT.toSeconds(), applied);
      consumer.seek(tp, applied);
    }
    return true;
  }

  /**
   * After an abort: seeks every input with a recorded position back to it, and the others to the
   * group's committed offsets (the beginning if there are none).
   */
  void rewind(Collection<Task<?, ?, ?>> tasks) {
    Set<TopicPartition> unknown = new HashSet<>();
    for (Task<?, ?, ?> task : tasks) {
      for (TopicPartition tp : task.inputs()) {
        long applied = enabled ? task.committedPosition(tp) : -1;
        if (applied >= 0) {
          consumer.seek(tp, applied);
        } else {
          unknown.add(tp);
        }
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unknown);
    for (TopicPartition tp : unknown) {
      OffsetAndMetadata at = committed.get(tp);
      if (at != null) {
        consumer.seek(tp, at);
      } else {
        consumer.seekToBeginning(List.of(tp));
      }
    }
  }
}
