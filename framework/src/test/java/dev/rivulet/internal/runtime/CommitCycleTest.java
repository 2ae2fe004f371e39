package dev.rivulet.internal.runtime;

import static dev.rivulet.internal.runtime.RuntimeFixture.IN;
import static dev.rivulet.internal.runtime.RuntimeFixture.OTHER;
import static dev.rivulet.internal.runtime.RuntimeFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.commit.CommitAbortedException;
import dev.rivulet.internal.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitCycleTest {
  private static TopicPartition in(int partition) {
    return new TopicPartition(IN, partition);
  }

  @TempDir Path dir;
  private RuntimeFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private RuntimeFixture fixture(String... inputs) {
    fx = new RuntimeFixture(dir, inputs.length == 0 ? new String[] {IN} : inputs);
    return fx;
  }

  @Test
  void aCommitCarriesTheConsumedOffsetsAndWritesRocksDbOnlyAfterTheKafkaCommit() {
    RuntimeFixture fx = fixture();
    Task<String, String, Long> task = fx.running(0);
    fx.process(task, IN, 0, "a");
    fx.process(task, IN, 1, "a");
    List<Long> inRocksDbBeforeAfterCommit = new ArrayList<>();
    fx.committer.beforeAfterCommit = () -> inRocksDbBeforeAfterCommit.add(fx.committedCount(0, "a"));

    fx.commits.commit(List.of(task));

    assertThat(inRocksDbBeforeAfterCommit).containsOnlyNulls().hasSize(1);
    assertThat(fx.committedCount(0, "a")).isEqualTo(2L);
    assertThat(fx.committer.commits).containsExactly(Map.of(in(0), 2L));
    assertThat(fx.committer.committed).hasSize(2);
    assertThat(task.stateManager().consumedOffsets()).isEmpty();
    assertThat(task.committedPosition(in(0))).isEqualTo(2L);
    assertThat(task.lastCommitMillis()).isPositive();
  }

  @Test
  void onlyRunningAndPausedTasksAreCommitted() {
    RuntimeFixture fx = fixture();
    Task<String, String, Long> running = fx.running(0);
    fx.process(running, IN, 0, "a");
    Task<String, String, Long> paused = fx.running(1);
    fx.process(paused, IN, 0, "b");
    paused.transitionTo(TaskState.PAUSED);
    Task<String, String, Long> restoring = fx.task(2);
    restoring.transitionTo(TaskState.RESTORING);
    Task<String, String, Long> closed = fx.running(3);
    fx.process(closed, IN, 0, "d");
    closed.transitionTo(TaskState.CLOSED);

    fx.commits.commit(List.of(running, paused, restoring, closed));

    assertThat(fx.committer.commits).containsExactly(Map.of(in(0), 1L, in(1), 1L));
    assertThat(fx.committedCount(0, "a")).isEqualTo(1L);
    assertThat(fx.committedCount(1, "b")).isEqualTo(1L);
    assertThat(fx.committedCount(3, "d")).isNull();
  }

  @Test
  void inputsWithoutRecordsCommitTheConsumersPosition() {
    RuntimeFixture fx = fixture(IN, OTHER);
    Task<String, String, Long> task = fx.running(0);
    fx.process(task, IN, 0, "a");
    fx.consumer.seek(new TopicPartition(OTHER, 0), 7);

    fx.commits.commit(List.of(task));

    assertThat(fx.committer.commits)
        .containsExactly(Map.of(in(0), 1L, new TopicPartition(OTHER, 0), 7L));
  }

  @Test
  void nothingToCommitDoesNotCallTheCommitter() {
    RuntimeFixture fx = fixture();
    Task<String, String, Long> task = fx.running(0);

    fx.commits.commit(List.of(task));
    assertThat(fx.committer.commits).isEmpty();

    fx.process(task, IN, 0, "a");
    fx.commits.commit(List.of(task));
    fx.commits.commit(List.of(task));
    assertThat(fx.committer.commits).hasSize(1);
  }

  @Test
  void aCommitOfTimerFiringsAloneStillCarriesTheInputPositions() {
    RuntimeFixture fx = fixture();
    fx.processor.timers = true;
    Task<String, String, Long> task = fx.running(0);
    fx.process(task, IN, 0, "a");
    fx.commits.commit(List.of(task));

    fx.clock.addAndGet(100);
    assertThat(task.fireTimers(10)).isEqualTo(1);
    fx.commits.commit(List.of(task));

    assertThat(fx.committer.commits).containsExactly(Map.of(in(0), 1L), Map.of(in(0), 1L));
    assertThat(fx.committer.committed).hasSize(2);
  }

  @Test
  void aCommitThatFailsToStartLeavesRocksDbAsItWasAndTheTaskCanStartOver() {
    RuntimeFixture fx = fixture();
    fx.committer.failBeforeCommit = new CommitAbortedException("aborted", null);
    assertFailedCommitIsDiscarded(fx);
  }

  @Test
  void aCommitThatFailsInKafkaNeverWritesRocksDbAndTheTaskCanStartOver() {
    RuntimeFixture fx = fixture();
    fx.committer.failInCommit = new CommitAbortedException("aborted", null);
    assertFailedCommitIsDiscarded(fx);
  }

  private static void assertFailedCommitIsDiscarded(RuntimeFixture fx) {
    Task<String, String, Long> task = fx.running(0);
    fx.process(task, IN, 0, "a");
    fx.process(task, IN, 1, "a");

    assertThatThrownBy(() -> fx.commits.commit(List.of(task)))
        .isInstanceOf(CommitAbortedException.class);

    assertThat(fx.committedCount(0, "a")).isNull();
    assertThat(fx.committer.committed).isEmpty();
    task.discardUncommitted();
    assertThat(count(task, "a")).as("the sealed transaction is dropped too").isNull();
    assertThat(task.committedPosition(in(0))).isEqualTo(-1L);

    fx.process(task, IN, 0, "a"); // rewound: the records come again
    fx.process(task, IN, 1, "a");
    fx.commits.commit(List.of(task));
    assertThat(fx.committedCount(0, "a")).isEqualTo(2L);
    assertThat(fx.committer.commits.get(fx.committer.commits.size() - 1))
        .isEqualTo(Map.of(in(0), 2L));
  }

  @Test
  void aSuccessfulCommitUpdatesTheLagOfRunningTasksOnly() {
    RuntimeFixture fx = fixture();
    fx.consumer.updateEndOffsets(Map.of(in(0), 10L, in(1), 10L));
    Task<String, String, Long> running = fx.running(0);
    Task<String, String, Long> paused = fx.running(1);
    fx.process(running, IN, 0, "a");
    fx.process(running, IN, 1, "a");
    fx.process(paused, IN, 0, "b");
    paused.transitionTo(TaskState.PAUSED);

    fx.commits.commit(List.of(running, paused));

    assertThat(running.lag()).isEqualTo(8L);
    assertThat(paused.lag()).isEqualTo(-1L);
  }
}
