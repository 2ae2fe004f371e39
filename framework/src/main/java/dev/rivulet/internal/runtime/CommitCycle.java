package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.commit.Committer;
import dev.rivulet.internal.state.SealedWrites;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.task.Task;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's commits, one at a time, pipelined with its processing:
 *
 * <pre>
 *  start:   prepare (send changelog rest) → seal tasks' writes → committer.startCommit ──┐
 *  worker:  goes on polling and processing; sends are held by the committer             │
 *  commit thread:  offsets → commitTransaction → RocksDB write of the sealed writes ◄─────┘
 *  finish:  (next loop that sees it done, or the next start) awaitCommit → tasks unpin the
 *           sealed rows, held sends go out in the next transaction
 * </pre>
 *
 * A failed commit fails the transaction after it too (it read the sealed state): the committer
 * drops the held sends and the worker discards both, then rewinds or rejoins. Anything that closes
 * or discards tasks first {@link #settle settles} the commit under way, so a successful commit's
 * RocksDB write never lands after its tasks were dropped or restored again.
 *
 * <p>Confined to the worker thread.
 */
final class CommitCycle {
  private static final Logger log = LoggerFactory.getLogger(CommitCycle.class);
  /**
   * Sends held during a commit beyond which the worker waits for it instead of processing on:
   * a commit that takes long (a slow coordinator, commitTransaction retried for up to a minute)
   * must not grow the heap without bound.
   */
  static final long MAX_HELD_BYTES = 16L << 20;
  /**
   * Whether the worker processes on while a commit is under way. Off: a chaos run on 2026-12-01
   * (session 6) lost state updates on a partition that changed owners right after in-flight
   * commits failed with a stale group generation (a poll during the commit had joined the next
   * generation). The chain found — a producer dropped after that failure was re-created lazily,
   * its open transaction held the changelog's stable offset below another owner's commits and a
   * restore stopped there — is fixed ({@code Committer.awaitReady}); 3 chaos runs with this on
   * have passed since, too few to switch it back on. The commit still runs on the commit thread.
   */
  static final boolean PIPELINED = false;

  private final Consumer<byte[], byte[]> consumer;
  private final Committer committer;
  private final StateEnvironment env;
  private final Timer commitLatency;
  private final boolean offsetsOutsideTransaction;
  private @Nullable InFlight inFlight;
  private int abortsInARow;

  private record InFlight(List<Task<?, ?, ?>> tasks, long startNanos) {}

  CommitCycle(Consumer<byte[], byte[]> consumer, Committer committer, StateEnvironment env,
      Timer commitLatency, boolean offsetsOutsideTransaction) {
    this.consumer = consumer;
    this.committer = committer;
    this.env = env;
    this.commitLatency = commitLatency;
    this.offsetsOutsideTransaction = offsetsOutsideTransaction;
  }

  boolean underWay() {
    return inFlight != null;
  }

  /**
   * Starts a commit of every running or paused task's work in one transaction (or one offset
   * commit), after finishing the one under way.
   */
  void start(Collection<Task<?, ?, ?>> tasks) {
    finish();
    long start = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<Task<?, ?, ?>> committing = new ArrayList<>();
    for (Task<?, ?, ?> task : tasks) {
      if (task.state() == TaskState.RUNNING || task.state() == TaskState.PAUSED) {
        task.prepareCommit(committer);
        offsets.putAll(task.consumedOffsets());
        committing.add(task);
      }
    }
    if (!committer.hasOpenWork() && offsets.isEmpty()) {
      return;
    }
    // every commit carries offsets, so the group generation check fences zombies even when it
    // holds only timer firings or TTL deletes; positions are exact: every polled record ran
    for (Task<?, ?, ?> task : committing) {
      for (TopicPartition tp : task.inputs()) {
        if (!offsets.containsKey(tp)) {
          offsets.put(tp, new OffsetAndMetadata(consumer.position(tp, Duration.ofSeconds(10))));
        }
      }
    }
    if (offsetsOutsideTransaction && !offsets.isEmpty()) {
      consumer.commitSync(offsets); // deliberately broken mode for checker tests
    }
    List<SealedWrites> sealed = new ArrayList<>();
    for (Task<?, ?, ?> task : committing) {
      sealed.addAll(task.seal());
    }
    committer.startCommit(offsets, consumer.groupMetadata(), () -> write(sealed));
    inFlight = new InFlight(committing, start); // not before: a failed start is discarded
    if (!PIPELINED || committer.commitDone()) {
      finish(); // at-least-once commits synchronously
    }
  }

  /** Runs on the committer's thread once the commit succeeded. */
  private void write(List<SealedWrites> sealed) {
    try (WriteBatch batch = new WriteBatch()) {
      for (SealedWrites w : sealed) {
        w.stageInto(batch);
      }
      env.write(batch, true);
    }
  }

  /**
   * Finishes the commit under way if it is done; blocks for it only if the sends held meanwhile
   * reached {@link #MAX_HELD_BYTES}.
   */
  void poll() {
    if (inFlight != null
        && (committer.commitDone() || committer.heldBytes() >= MAX_HELD_BYTES)) {
      finish();
    }
  }

  /**
   * Waits for the commit under way and completes it.
   *
   * @throws dev.rivulet.internal.commit.TaskMigratedException or
   *     {@link dev.rivulet.internal.commit.CommitAbortedException} if it failed: the caller must
   *     discard every task's uncommitted work (the sealed transaction included) and rewind
   */
  void finish() {
    InFlight done = inFlight;
    if (done == null) {
      return;
    }
    inFlight = null;
    committer.awaitCommit();
    long now = System.currentTimeMillis();
    for (Task<?, ?, ?> task : done.tasks()) {
      task.sealApplied(now);
      updateLag(task);
    }
    abortsInARow = 0;
    commitLatency.record(System.nanoTime() - done.startNanos(), TimeUnit.NANOSECONDS);
  }

  /** Counts an aborted transaction; returns the aborts since the last successful commit. */
  int aborted() {
    return ++abortsInARow;
  }

  /**
   * Ends the commit under way whatever its outcome, before tasks are discarded or closed; a
   * failure is only logged (the caller drops the uncommitted work anyway).
   */
  void settle() {
    try {
      finish();
    } catch (RuntimeException e) {
      log.debug("Commit under way failed while settling: {}", e.toString());
    }
  }

  private void updateLag(Task<?, ?, ?> task) {
    if (task.state() == TaskState.PAUSED) {
      return; // nothing fetched, the consumer's end offsets are stale: PauseControl asks the broker
    }
    long lag = 0;
    for (TopicPartition tp : task.inputs()) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isEmpty()) {
        task.lag(-1);
        return;
      }
      lag += l.getAsLong();
    }
    task.lag(lag);
  }
}
