package dev.rivulet.internal.task;

import static dev.rivulet.internal.task.TaskFixture.COUNT;
import static dev.rivulet.internal.task.TaskFixture.IN;
import static dev.rivulet.internal.task.TaskFixture.PARTITION;
import static dev.rivulet.internal.task.TaskFixture.count;
import static dev.rivulet.internal.task.TaskFixture.definition;
import static dev.rivulet.internal.task.TaskFixture.record;
import static dev.rivulet.internal.task.TaskFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RetryPolicy;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.runtime.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskTest {
  private static final TopicPartition IN_0 = new TopicPartition(IN, PARTITION);

  /** Counts records per key and emits the count; a value of "boom" fails after writing. */
  private static final KeyedProcessor<String, String, Long> COUNTING = (value, ctx) -> {
    long n = ctx.state(COUNT).getOrDefault(0L) + 1;
    ctx.state(COUNT).put(n);
    ctx.emit(n);
    if (value.equals("boom")) {
      throw new IllegalStateException("boom");
    }
  };

  @TempDir Path dir;
  private TaskFixture fx;

  @BeforeEach
  void open() {
    fx = new TaskFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void processWritesStateSendsOutputsAndRecordsTheConsumedOffset() {
    Task<String, String, Long> task = fx.running(definition(COUNTING).build());

    task.process(record(0, "a", "x"));
    task.process(record(1, "a", "x"));

    assertThat(count(task, "a")).isEqualTo(2L);
    assertThat(fx.sent).extracting(TaskFixture::longOutput).containsExactly("out:a=1", "out:a=2");
    assertThat(fx.sent.get(1).timestamp()).isEqualTo(101L);
    assertThat(task.stateManager().consumedOffsets())
        .isEqualTo(Map.of(IN_0, new OffsetAndMetadata(2)));
  }

  @Test
  void aSkippedRecordLeavesNoStateWriteNorEmitButItsOffsetIsConsumed() {
    Task<String, String, Long> task =
        fx.running(definition(COUNTING).errorPolicy(ErrorPolicy.SKIP).build());

    task.process(record(0, "a", "x"));
    task.process(record(1, "a", "boom"));

    assertThat(count(task, "a")).isEqualTo(1L);
    assertThat(fx.sent).extracting(TaskFixture::longOutput).containsExactly("out:a=1");
    assertThat(task.stateManager().consumedOffsets())
        .isEqualTo(Map.of(IN_0, new OffsetAndMetadata(2)));
    assertThat(fx.counter(RivuletMetricNames.RECORDS_SKIPPED)).isEqualTo(1.0);
  }

  @Test
  void aDeadLetteredRecordIsSentAsIsWithProvenanceAndNothingPartial() {
    Task<String, String, Long> task =
        fx.running(definition(COUNTING).errorPolicy(ErrorPolicy.DEAD_LETTER).build());

    task.process(record(0, "a", "boom"));

    assertThat(count(task, "a")).isNull();
    assertThat(fx.sent).hasSize(1);
    var dead = fx.sent.get(0);
    assertThat(dead.topic()).isEqualTo("app-proc-dlq");
    assertThat(s(dead.key())).isEqualTo("a");
    assertThat(s(dead.value())).isEqualTo("boom");
    assertThat(s(dead.headers().lastHeader("rivulet.dlq.offset").value())).isEqualTo("0");
    assertThat(s(dead.headers().lastHeader("rivulet.dlq.exception").value()))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(task.stateManager().consumedOffsets())
        .isEqualTo(Map.of(IN_0, new OffsetAndMetadata(1)));
  }

  @Test
  void aFailingRecordUnderFailStopsTheTaskWithoutConsumingIt() {
    Task<String, String, Long> task = fx.running(definition(COUNTING).build());
    task.process(record(0, "a", "x"));

    assertThatThrownBy(() -> task.process(record(1, "a", "boom")))
        .isInstanceOf(TaskFailedException.class).hasMessageContaining("in-0@1")
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(count(task, "a")).isEqualTo(1L);
    assertThat(fx.sent).extracting(TaskFixture::longOutput).containsExactly("out:a=1");
    assertThat(task.stateManager().consumedOffsets())
        .isEqualTo(Map.of(IN_0, new OffsetAndMetadata(1)));
  }

  @Test
  void aRecordWithoutKeyFollowsTheErrorPolicy() {
    Task<String, String, Long> task =
        fx.running(definition(COUNTING).errorPolicy(ErrorPolicy.DEAD_LETTER).build());

    task.process(record(IN, 0, null, "x", 100));

    assertThat(fx.sent).singleElement().satisfies(r -> assertThat(r.topic()).endsWith("-dlq"));
  }

  @Test
  void aTransientFailureIsRetriedFromACleanSlate() {
    AtomicInteger attempts = new AtomicInteger();
    Task<String, String, Long> task = fx.running(definition((value, ctx) -> {
      COUNTING.process(value, ctx);
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky");
      }
    }).retry(RetryPolicy.of(3, Duration.ZERO, IllegalStateException.class)).build());

    task.process(record(0, "a", "x"));

    assertThat(attempts).hasValue(3);
    assertThat(count(task, "a")).isEqualTo(1L);
    assertThat(fx.sent).extracting(TaskFixture::longOutput).containsExactly("out:a=1");
  }

  @ParameterizedTest
  @CsvSource({"IllegalStateException, 3", "IllegalArgumentException, 1"})
  void retriesEndAtMaxAttemptsAndOnlyTransientErrorsAreRetried(String error, int expected) {
    AtomicInteger attempts = new AtomicInteger();
    Task<String, String, Long> task = fx.running(definition((value, ctx) -> {
      attempts.incrementAndGet();
      ctx.emit(1L);
      throw error.equals("IllegalStateException") ? new IllegalStateException()
          : new IllegalArgumentException();
    }).retry(RetryPolicy.of(3, Duration.ZERO, IllegalStateException.class))
        .errorPolicy(ErrorPolicy.SKIP).build());

    task.process(record(0, "a", "x"));

    assertThat(attempts).hasValue(expected);
    assertThat(fx.sent).isEmpty();
    assertThat(fx.counter(RivuletMetricNames.RECORDS_SKIPPED)).isEqualTo(1.0);
  }

  /** Records open and close calls. */
  private static final class Lifecycle implements KeyedProcessor<String, String, Long> {
    final List<String> calls = new ArrayList<>();

    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {}

    @Override
    public void open(int partition) {
      calls.add("open " + partition);
    }

    @Override
    public void close(int partition) {
      calls.add("close " + partition);
      throw new IllegalStateException("close fails: logged, not thrown");
    }
  }

  @Test
  void theProcessorOpensOnTheFirstMoveToRunningAndClosesOnClosed() {
    Lifecycle p = new Lifecycle();
    Task<String, String, Long> task = fx.task(definition(p).build());
    task.transitionTo(TaskState.RESTORING);
    assertThat(p.calls).isEmpty();
    task.restored();
    task.transitionTo(TaskState.RUNNING);
    task.transitionTo(TaskState.PAUSED);
    task.transitionTo(TaskState.RUNNING);
    assertThat(p.calls).containsExactly("open 0");

    task.transitionTo(TaskState.CLOSED);

    assertThat(p.calls).containsExactly("open 0", "close 0");
    assertThat(task.state()).isEqualTo(TaskState.CLOSED);
  }

  @Test
  void aTaskThatNeverRanIsNotClosed() {
    Lifecycle p = new Lifecycle();
    Task<String, String, Long> task = fx.task(definition(p).build());
    task.transitionTo(TaskState.RESTORING);
    task.transitionTo(TaskState.CLOSED);
    assertThat(p.calls).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"CREATED, RUNNING", "CREATED, PAUSED", "RESTORING, CREATED", "RUNNING, RESTORING",
      "PAUSED, RESTORING", "CLOSED, RUNNING", "CLOSED, CLOSED", "CREATED, STANDBY",
      "RUNNING, STANDBY", "RUNNING, WARMUP"})
  void anIllegalTransitionThrows(TaskState from, TaskState to) {
    Task<String, String, Long> task = fx.task(definition(new Lifecycle()).build());
    for (TaskState step : pathTo(from)) {
      task.transitionTo(step);
    }

    assertThatThrownBy(() -> task.transitionTo(to)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(from + " -> " + to);
    assertThat(task.state()).isEqualTo(from);
  }

  private static List<TaskState> pathTo(TaskState state) {
    return switch (state) {
      case CREATED -> List.of();
      case RESTORING -> List.of(TaskState.RESTORING);
      case RUNNING -> List.of(TaskState.RESTORING, TaskState.RUNNING);
      case PAUSED -> List.of(TaskState.RESTORING, TaskState.PAUSED);
      case CLOSED -> List.of(TaskState.CLOSED);
      case STANDBY, WARMUP -> throw new IllegalArgumentException("a replica is never a Task");
    };
  }

  @Test
  void discardUncommittedDropsWritesAndOffsetsSinceTheLastCommit() {
    ProcessorDefinition<String, String, Long> d = definition(COUNTING).build();
    Task<String, String, Long> task = fx.running(d);
    task.process(record(0, "a", "x"));
    fx.commit(task);
    task.process(record(1, "a", "x"));
    task.process(record(2, "b", "x"));
    assertThat(count(task, "a")).isEqualTo(2L);

    task.discardUncommitted();

    assertThat(count(task, "a")).isEqualTo(1L);
    assertThat(count(task, "b")).isNull();
    assertThat(task.stateManager().consumedOffsets()).isEmpty();
    assertThat(task.committedPosition(IN_0)).isEqualTo(1L);
    task.process(record(1, "a", "x"));
    assertThat(count(task, "a")).isEqualTo(2L);
  }

  @Test
  void theWatermarkSurvivesACommitAndADiscard() {
    Task<String, String, Long> task = fx.running(definition(COUNTING).build());
    task.process(record(IN, 0, "a", "x", 500));
    task.fireTimers(10);
    fx.commit(task);
    task.process(record(IN, 1, "a", "x", 900));
    task.fireTimers(10);
    assertThat(task.watermark()).isEqualTo(900L);

    task.discardUncommitted();

    assertThat(task.watermark()).isEqualTo(500L);
  }
}
