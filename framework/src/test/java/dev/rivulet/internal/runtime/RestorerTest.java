package dev.rivulet.internal.runtime;

import static dev.rivulet.internal.runtime.RuntimeFixture.COUNT;
import static dev.rivulet.internal.runtime.RuntimeFixture.IN;
import static dev.rivulet.internal.runtime.RuntimeFixture.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restorer on a mock restore consumer, with changelogs written by real tasks through the
 * {@link RecordingCommitter}.
 */
class RestorerTest {
  private static final String TIMERS = StoreNames.TIMER_STORE;

  @TempDir Path dir;
  private RuntimeFixture fx;
  private final MockConsumer<byte[], byte[]> restoreConsumer = new MockConsumer<>("earliest");
  private final List<String> events = new ArrayList<>();
  private final List<Task<?, ?, ?>> done = new ArrayList<>();
  private Restorer restorer;

  @BeforeEach
  void open() {
    fx = new RuntimeFixture(dir, IN);
    RivuletListener listener = new RivuletListener() {
      @Override
      public void onRestoreStart(String processorId, int partition, String store, long toRestore) {
        events.add("start " + store + "-" + partition + " " + toRestore);
      }

      @Override
      public void onRestoreProgress(String processorId, int partition, String store,
          long restored, long remaining) {
        events.add("progress " + store + "-" + partition + " " + restored + "/" + remaining);
      }

      @Override
      public void onRestoreEnd(String processorId, int partition, String store, long restored) {
        events.add("end " + store + "-" + partition + " " + restored);
      }
    };
    restorer = new Restorer(restoreConsumer, fx.env, List.of(listener));
  }

  @AfterEach
  void close() {
    fx.close();
  }

  /** Partition 0 counts a, a (commit) then b (commit): a=2, b=1 in two transactions. */
  private void writeTwoCommits(boolean secondReachesRocksDb) {
    Task<String, String, Long> task = fx.running(0);
    fx.process(task, IN, 0, "a");
    fx.process(task, IN, 1, "a");
    fx.commits.commit(List.of(task));
    fx.process(task, IN, 2, "b");
    fx.committer.skipAfterCommit = !secondReachesRocksDb;
    fx.commits.commit(List.of(task));
    fx.committer.skipAfterCommit = false;
    task.stateManager().close();
    task.transitionTo(TaskState.CLOSED);
  }

  /** Offsets of both changelogs of {@code partition}: [begin, end). */
  private void changelogRange(int partition, long begin, long end) {
    Map<TopicPartition, Long> b = new HashMap<>();
    Map<TopicPartition, Long> e = new HashMap<>();
    for (String store : List.of(COUNT.name(), TIMERS)) {
      b.put(fx.changelog(store, partition), begin);
      e.put(fx.changelog(store, partition), end);
    }
    restoreConsumer.updateBeginningOffsets(b);
    restoreConsumer.updateEndOffsets(e);
  }

  /** Feeds records [from, to) of partition 0's changelog of {@code store} as {@code partition}'s. */
  private void feed(String store, int partition, long from, long to, long offsetShift) {
    List<ProducerRecord<byte[], byte[]>> log = fx.committer.changelogs.get(fx.changelog(store, 0));
    TopicPartition tp = fx.changelog(store, partition);
    for (int i = (int) from; i < to; i++) {
      ProducerRecord<byte[], byte[]> r = log.get(i);
      restoreConsumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), i + offsetShift,
          0L, TimestampType.CREATE_TIME, -1, -1, r.key(), r.value(), new RecordHeaders(),
          Optional.empty()));
    }
  }

  private Task<String, String, Long> restoring(int partition) {
    Task<String, String, Long> task = fx.task(partition);
    task.transitionTo(TaskState.RESTORING);
    return task;
  }

  private static void run(Task<?, ?, ?> task) {
    task.restored();
    task.transitionTo(TaskState.RUNNING);
  }

  @Test
  void aCheckpointedStoreRestoresOnlyTheTailAfterItsCheckpoint() {
    writeTwoCommits(false); // the second commit never reached RocksDB
    assertThat(fx.committedCount(0, "b")).isNull();
    changelogRange(0, 0, 2);
    Task<String, String, Long> task = restoring(0);

    assertThat(restorer.add(List.of(task))).isEmpty();
    feed(COUNT.name(), 0, 0, 2, 0);
    feed(TIMERS, 0, 0, 2, 0);
    restorer.step(Duration.ZERO, done::add);

    assertThat(done).containsExactly(task);
    assertThat(events).contains("start count-0 1", "start rivulet-timers-0 1",
        "end count-0 1", "end rivulet-timers-0 1");
    assertThat(task.restoredRecords()).isEqualTo(2);
    run(task);
    assertThat(count(task, "a")).isEqualTo(2L);
    assertThat(count(task, "b")).isEqualTo(1L);
    assertThat(task.committedPosition(new TopicPartition(IN, 0))).isEqualTo(3L);
    assertThat(restorer.isRestoring()).isFalse();
    assertThat(restoreConsumer.assignment()).isEmpty();
  }

  @Test
  void aCheckpointBeforeTheChangelogsStartRestoresFromScratch() {
    writeTwoCommits(true); // local state: a=2, b=1
    changelogRange(0, 5, 6); // compaction left one record of each changelog, at offset 5
    Task<String, String, Long> task = restoring(0);

    restorer.add(List.of(task));
    feed(COUNT.name(), 0, 1, 2, 4); // b=1
    feed(TIMERS, 0, 1, 2, 4);
    restorer.step(Duration.ZERO, done::add);

    assertThat(done).containsExactly(task);
    run(task);
    assertThat(count(task, "a")).as("local rows wiped").isNull();
    assertThat(count(task, "b")).isEqualTo(1L);
  }

  @Test
  void aCheckpointBeyondTheChangelogsEndWipesTheStoreAndNeedsNoRestore() {
    writeTwoCommits(true);
    changelogRange(0, 0, 0); // the changelogs were recreated empty

    Task<String, String, Long> task = restoring(0);
    assertThat(restorer.add(List.of(task))).containsExactly(task);

    run(task);
    assertThat(count(task, "a")).isNull();
    assertThat(fx.committedCount(0, "a")).isNull();
  }

  @Test
  void tasksWithNothingToRestoreAreReadyAtOnce() {
    writeTwoCommits(true);
    changelogRange(0, 0, 2); // partition 0: checkpoint at the end
    changelogRange(1, 0, 0); // partition 1: new and empty
    Task<String, String, Long> upToDate = restoring(0);
    Task<String, String, Long> fresh = restoring(1);

    assertThat(restorer.add(List.of(upToDate, fresh))).containsExactly(upToDate, fresh);

    assertThat(restorer.isRestoring()).isFalse();
    assertThat(restoreConsumer.assignment()).isEmpty();
    assertThat(events).contains("start count-0 0", "end count-0 0", "start count-1 0",
        "end count-1 0");
    run(upToDate);
    assertThat(count(upToDate, "a")).isEqualTo(2L);
  }

  @Test
  void aNewInstanceRestoresEverythingAndReportsProgressOnTheWay() {
    writeTwoCommits(true);
    changelogRange(1, 0, 2); // partition 1 has no local state: replays partition 0's log
    Task<String, String, Long> task = restoring(1);
    restorer.add(List.of(task));
    assertThat(task.remainingToRestore()).isEqualTo(4);

    feed(COUNT.name(), 1, 0, 1, 0);
    restorer.step(Duration.ZERO, done::add);
    assertThat(done).isEmpty();
    assertThat(task.restoredRecords()).isEqualTo(1);
    assertThat(task.remainingToRestore()).isEqualTo(3);
    assertThat(events).contains("progress count-1 1/1");

    feed(COUNT.name(), 1, 1, 2, 0);
    feed(TIMERS, 1, 0, 2, 0);
    restorer.step(Duration.ZERO, done::add);
    assertThat(done).containsExactly(task);
    assertThat(task.restoredRecords()).isEqualTo(4);
    assertThat(events).contains("progress count-1 2/0", "end count-1 2", "end rivulet-timers-1 2");
    run(task);
    assertThat(count(task, "a")).isEqualTo(2L);
    assertThat(count(task, "b")).isEqualTo(1L);
  }

  @Test
  void aRemovedTaskStopsRestoring() {
    writeTwoCommits(true);
    changelogRange(1, 0, 2);
    changelogRange(2, 0, 2);
    Task<String, String, Long> removed = restoring(1);
    Task<String, String, Long> kept = restoring(2);
    restorer.add(List.of(removed, kept));

    restorer.remove(removed);

    assertThat(restoreConsumer.assignment())
        .containsExactlyInAnyOrder(fx.changelog(COUNT.name(), 2), fx.changelog(TIMERS, 2));
    restorer.remove(kept);
    assertThat(restorer.isRestoring()).isFalse();
    assertThat(restoreConsumer.assignment()).isEmpty();
    restorer.step(Duration.ZERO, done::add);
    assertThat(done).isEmpty();
  }
}
