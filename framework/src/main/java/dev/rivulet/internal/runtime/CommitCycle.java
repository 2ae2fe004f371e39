package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.commit.Committer;
import dev.rivulet.internal.state.SealedWrites;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
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
import org.rocksdb.WriteBatch;

/**
 * A worker's commit: one transaction (or one offset commit) over every running or paused task.
 *
 * <pre>
 *  prepare: each task's state manager sweeps TTLs, records progress, sends the changelog rest
 *  seal:    the tasks' writes become the committed view on the heap; new records start afresh
 *  commit:  committer.commit(offsets) → commitTransaction → RocksDB write of the sealed
 *           writes (on the committer's thread, only if the commit succeeded)
 *  finish:  the worker waits for it; the state managers unpin the sealed rows
 * </pre>
 *
 * A failed commit throws; the caller discards every task's uncommitted work (the sealed
 * transaction included) and rewinds or rejoins. The runtime and {@code ProcessorTestDriver}
 * both commit through this class.
 *
 * <p>Confined to the worker thread.
 */
public final class CommitCycle {
  private final Consumer<byte[], byte[]> consumer;
  private final Committer committer;
  private final StateEnvironment env;
  private final Timer commitLatency;
  private int abortsInARow;

  /**
   * @param consumer the worker's consumer: positions of inputs without records, the group
   *     metadata that fences zombies, lag
   * @param committer where the transaction goes
   * @param env where the sealed writes go once committed
   * @param commitLatency records each commit's duration
   */
  public CommitCycle(Consumer<byte[], byte[]> consumer, Committer committer, StateEnvironment env,
      Timer commitLatency) {
    this.consumer = consumer;
    this.committer = committer;
    this.env = env;
    this.commitLatency = commitLatency;
  }

  /**
   * Commits every running or paused task's work in one transaction (or one offset commit) and
   * waits for it.
   *
   * @throws dev.rivulet.internal.commit.TaskMigratedException or
   *     {@link dev.rivulet.internal.commit.CommitAbortedException} if it failed: the caller must
   *     discard every task's uncommitted work (the sealed transaction included) and rewind
   */
  public void commit(Collection<? extends Task<?, ?, ?>> tasks) {
    long start = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<Task<?, ?, ?>> committing = new ArrayList<>();
    for (Task<?, ?, ?> task : tasks) {
      if (task.state() == TaskState.RUNNING || task.state() == TaskState.PAUSED) {
        StateManager state = task.stateManager();
        state.prepareCommit(committer, task.watermark());
        offsets.putAll(state.consumedOffsets());
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
    List<SealedWrites> sealed = new ArrayList<>();
    for (Task<?, ?, ?> task : committing) {
      sealed.addAll(task.stateManager().seal());
    }
    committer.commit(offsets, consumer.groupMetadata(), () -> write(sealed));
    long now = System.currentTimeMillis();
    for (Task<?, ?, ?> task : committing) {
      task.stateManager().sealApplied(now);
      updateLag(task);
    }
    abortsInARow = 0;
    commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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

  /** Counts an aborted transaction; returns the aborts since the last successful commit. */
  int aborted() {
    return ++abortsInARow;
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
