package dev.rivulet.internal.runtime;

import dev.rivulet.internal.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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
 *   <li>if the group's committed offset is <em>ahead</em> of the restored state while one of the
 *       task's changelogs has a transaction open, the restore may have stopped short: it read up
 *       to the last stable offset, and an owner that came after the one who left the transaction
 *       open may have committed behind it (the task moved A &rarr; B &rarr; C within the
 *       transaction timeout, A crashed mid-transaction). The task then restores on
 *       ({@link Verdict#RESTORE_ON}), every {@link #RECHECK} at most, until its state reaches the
 *       group's offset, or until no transaction is open any more (the broker aborts a crashed
 *       owner's transaction after {@code transaction.timeout.ms}) and one last restore, begun
 *       after that, has read what the transaction held back; only then does it run;
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
  /** How often a task whose restore may be short restores on. */
  static final Duration RECHECK = Duration.ofMillis(500);

  /** What a waiting task does next. */
  enum Verdict { ALIGNED, UNKNOWN, RESTORE_ON }

  private final Consumer<byte[], byte[]> consumer;
  private final boolean enabled;
  private final Predicate<Collection<TopicPartition>> openTransactions;
  /** Restored tasks waiting for their group offsets (inputs still paused), since when. */
  private final Map<Task<?, ?, ?>, Long> waiting = new LinkedHashMap<>();
  /** Tasks sent to restore on: when they may be looked at again, and what was last seen. */
  private final Map<Task<?, ?, ?>, Suspect> suspects = new HashMap<>();

  /**
   * A task whose restore may be short. {@code lastRestore}: its latest restore began after no
   * transaction was seen open any more, so it reached what the last owner committed.
   */
  private record Suspect(long notBeforeNanos, boolean lastRestore) {}

  /** A guard that never suspects a short restore (no open-transaction look-up). */
  PositionGuard(Consumer<byte[], byte[]> consumer, boolean enabled) {
    this(consumer, enabled, changelogs -> false);
  }

  /**
   * @param openTransactions whether any of some changelog partitions has a transaction open
   */
  PositionGuard(Consumer<byte[], byte[]> consumer, boolean enabled,
      Predicate<Collection<TopicPartition>> openTransactions) {
    this.consumer = consumer;
    this.enabled = enabled;
    this.openTransactions = openTransactions;
  }

  /** A restored task that must be aligned before it runs. */
  void await(Task<?, ?, ?> task) {
    waiting.put(task, System.nanoTime());
  }

  /** A task closed before it was aligned. */
  void forget(Task<?, ?, ?> task) {
    waiting.remove(task);
    suspects.remove(task);
  }

  /** {@link #startAligned(java.util.function.Consumer, java.util.function.Consumer)} for a guard
   * that never sends a task to restore on. */
  void startAligned(java.util.function.Consumer<Task<?, ?, ?>> start) {
    startAligned(start, task -> {
      throw new IllegalStateException("no restore-on handler for " + task.id());
    });
  }

  /**
   * Hands every waiting task that is aligned now to {@code start}, and every task whose restore
   * may have stopped short to {@code restoreOn} (which hands it back through {@link #await}
   * once that restore is done). Never blocks on the group coordinator.
   */
  void startAligned(java.util.function.Consumer<Task<?, ?, ?>> start,
      java.util.function.Consumer<Task<?, ?, ?>> restoreOn) {
    if (waiting.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    List<Task<?, ?, ?>> restoringOn = new ArrayList<>(); // handed over after the loop: it may
    try {                                                 // come straight back to await()
      for (Iterator<Map.Entry<Task<?, ?, ?>, Long>> it = waiting.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Task<?, ?, ?>, Long> e = it.next();
        Task<?, ?, ?> task = e.getKey();
        Suspect suspect = suspects.get(task);
        if (suspect != null && now - suspect.notBeforeNanos() < 0) {
          continue;
        }
        Verdict verdict = tryAlign(task, e.getValue());
        if (verdict == Verdict.UNKNOWN) {
          // the consumer fetches the group's offsets for all its new partitions at once: if one
          // is unknown the rest are too, and later tasks have waited no longer than this one
          return;
        }
        it.remove();
        if (verdict == Verdict.RESTORE_ON) {
          restoringOn.add(task);
        } else {
          suspects.remove(task);
          start.accept(task);
        }
      }
    } finally {
      restoringOn.forEach(restoreOn);
    }
  }

  /**
   * Moves a restored task's inputs forward to its state's position where the group's committed
   * offset is behind it. Changes nothing and returns {@link Verdict#UNKNOWN} while a committed
   * offset is unknown and the task has waited less than {@link #OFFSET_WAIT} since
   * {@code waitingSinceNanos}, and {@link Verdict#RESTORE_ON} while its restore may be short.
   */
  private Verdict tryAlign(Task<?, ?, ?> task, long waitingSinceNanos) {
    if (!enabled) {
      return Verdict.ALIGNED;
    }
    Map<TopicPartition, Long> groupOffsets = new HashMap<>();
    try {
      for (TopicPartition tp : task.inputs()) {
        groupOffsets.put(tp, consumer.position(tp, Duration.ZERO));
      }
    } catch (TimeoutException notYetKnown) {
      return System.nanoTime() - waitingSinceNanos >= OFFSET_WAIT.toNanos()
          && resumeFromState(task) ? Verdict.ALIGNED : Verdict.UNKNOWN;
    }
    if (mayBeShort(task, groupOffsets)) {
      return Verdict.RESTORE_ON;
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
    return Verdict.ALIGNED;
  }

  /**
   * Whether the task's state is behind the group's committed offset of an input while one of its
   * changelogs has a transaction open. Behind alone is no proof: transaction markers of a
   * transactional input, or an operator who skipped input, put the group's offset ahead too.
   */
  private boolean mayBeShort(Task<?, ?, ?> task, Map<TopicPartition, Long> groupOffsets) {
    boolean behind = groupOffsets.entrySet().stream().anyMatch(e -> {
      long applied = task.committedPosition(e.getKey());
      return applied >= 0 && applied < e.getValue();
    });
    if (!behind) {
      return false;
    }
    List<TopicPartition> changelogs = new ArrayList<>();
    task.stateManager().allStores().forEach(store -> changelogs.add(store.changelog()));
    Suspect suspect = suspects.get(task);
    long notBefore = System.nanoTime() + RECHECK.toNanos();
    if (openTransactions.test(changelogs)) {
      if (suspect == null) {
        log.warn("Task {}: its restored state is behind the group's committed offsets {} while "
            + "a changelog has a transaction open; the restore may have stopped before what a "
            + "later owner committed, so the task restores on until that transaction ends",
            task.id(), groupOffsets);
      }
      suspects.put(task, new Suspect(notBefore, false));
      return true;
    }
    if (suspect != null && !suspect.lastRestore()) {
      // the transaction has ended since the last restore began: one more restore reads what it
      // held back
      suspects.put(task, new Suspect(System.nanoTime(), true));
      return true;
    }
    return false;
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
