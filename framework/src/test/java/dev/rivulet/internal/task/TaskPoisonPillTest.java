package dev.rivulet.internal.task;

import static dev.rivulet.internal.task.TaskFixture.COUNT;
import static dev.rivulet.internal.task.TaskFixture.IN;
import static dev.rivulet.internal.task.TaskFixture.count;
import static dev.rivulet.internal.task.TaskFixture.definition;
import static dev.rivulet.internal.task.TaskFixture.record;
import static dev.rivulet.internal.task.TaskFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.TimeDomain;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.StateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that get past the ordinary bad-record path: errors thrown by a processor, event times
 * far in the future, dead letters larger than their topic accepts.
 */
class TaskPoisonPillTest {
  private static final long DAY = Duration.ofDays(1).toMillis();

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

  /** Counts like the other task tests; a value names an error to throw after the state write. */
  private static KeyedProcessor<String, String, Long> throwing(Supplier<Throwable> error) {
    return (value, ctx) -> {
      ctx.state(COUNT).put(ctx.state(COUNT).getOrDefault(0L) + 1);
      if (value.startsWith("poison")) {
        Throwable t = error.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      ctx.emit(ctx.state(COUNT).get());
    };
  }

  @Test
  void anAssertionErrorFollowsTheErrorPolicyLikeAnException() {
    Task<String, String, Long> task = fx.running(definition(
        throwing(() -> new AssertionError("invariant of this record"))).errorPolicy(
            ErrorPolicy.DEAD_LETTER).build());

    task.process(record(0, "a", "poison"));
    task.process(record(1, "a", "fine"));

    assertThat(count(task, "a")).as("the poison's state write rolled back").isEqualTo(1L);
    assertThat(fx.sent).hasSize(2);
    ProducerRecord<byte[], byte[]> dead = fx.sent.get(0);
    assertThat(dead.topic()).isEqualTo("app-proc-dlq");
    assertThat(s(dead.headers().lastHeader("rivulet.dlq.exception").value()))
        .isEqualTo(AssertionError.class.getName());
  }

  @Test
  void aStackOverflowOnOneRecordIsSkippedUnderSkip() {
    Task<String, String, Long> task = fx.running(definition(throwing(StackOverflowError::new))
        .errorPolicy(ErrorPolicy.SKIP).build());

    task.process(record(0, "a", "poison"));
    task.process(record(1, "a", "fine"));

    assertThat(fx.counter(RivuletMetricNames.RECORDS_SKIPPED)).isEqualTo(1.0);
    assertThat(count(task, "a")).isEqualTo(1L);
  }

  @Test
  void outOfMemoryAndLinkageErrorsStopTheTaskWhateverThePolicy() {
    Task<String, String, Long> oom = fx.running(definition(
        throwing(() -> new OutOfMemoryError("heap"))).errorPolicy(ErrorPolicy.DEAD_LETTER).build());
    assertThatThrownBy(() -> oom.process(record(0, "a", "poison")))
        .isInstanceOf(OutOfMemoryError.class)
        .satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessageContaining("in-0@0"));

    Task<String, String, Long> linkage = fx.running(definition(
        throwing(() -> new NoClassDefFoundError("com/acme/Gone"))).errorPolicy(ErrorPolicy.SKIP)
        .build());
    assertThatThrownBy(() -> linkage.process(record(0, "b", "poison")))
        .isInstanceOf(NoClassDefFoundError.class);
    assertThat(fx.sent).as("nothing dead-lettered, nothing emitted").isEmpty();
  }

  /** A state type changed so that what is stored cannot be read: JSON of v1 read as v2. */
  record Before(String name) {}

  record After(int name) {}

  @Test
  void storedStateThisVersionCannotReadStopsTheTaskInsteadOfDeadLetteringItsRecords() {
    // the fixture's store, declared with a JSON type by version 1 and a changed one by version 2
    ValueStateSpec<Before> v1 = StateSpec.value(COUNT.name(), Before.class);
    ValueStateSpec<After> v2 = StateSpec.value(COUNT.name(), After.class);
    Task<String, String, Long> old = fx.running(ProcessorDefinition.<String, String, Long>builder(
        "proc", (value, ctx) -> ctx.state(v1).put(new Before("not a number")))
        .keySerde(RivuletSerdes.string()).input(IN, RivuletSerdes.string())
        .output(TaskFixture.OUT, RivuletSerdes.longs()).state(v1).build());
    old.process(record(0, "a", "x"));
    fx.commit(old);
    Task<String, String, Long> upgraded = fx.running(ProcessorDefinition
        .<String, String, Long>builder("proc", (value, ctx) ->
            ctx.emit((long) ctx.state(v2).getOrDefault(new After(0)).name()))
        .keySerde(RivuletSerdes.string()).input(IN, RivuletSerdes.string())
        .output(TaskFixture.OUT, RivuletSerdes.longs()).state(v2)
        .errorPolicy(ErrorPolicy.DEAD_LETTER).build());

    assertThatThrownBy(() -> upgraded.process(record(1, "a", "y")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("app-proc-count-changelog")
        .hasMessageContaining("cannot be read by this version of the processor");
    assertThat(fx.sent).as("nothing dead-lettered, nothing emitted").isEmpty();
  }

  @Test
  void anErrorInATimerFollowsThePolicyToo() {
    KeyedProcessor<String, String, Long> p = new KeyedProcessor<>() {
      @Override
      public void process(String value, dev.rivulet.api.KeyedContext<String, Long> ctx) {
        ctx.timers().eventTime(ctx.timestamp() + 10);
      }

      @Override
      public void onTimer(long time, TimeDomain domain,
          dev.rivulet.api.KeyedContext<String, Long> ctx) {
        throw new AssertionError("timer invariant");
      }
    };
    Task<String, String, Long> task = fx.running(definition(p).errorPolicy(ErrorPolicy.SKIP)
        .build());
    task.process(record(IN, 0, "a", "x", 100));
    task.process(record(IN, 1, "b", "x", 500));

    assertThat(task.fireTimers(10)).isEqualTo(1);
    assertThat(fx.counter(RivuletMetricNames.RECORDS_SKIPPED)).isEqualTo(1.0);
  }

  @Test
  void anEventTimeBeyondTheFutureBoundIsDeadLetteredAndDoesNotMoveTheWatermark() {
    Task<String, String, Long> task = fx.running(definition(throwing(IllegalStateException::new))
        .errorPolicy(ErrorPolicy.DEAD_LETTER).build());
    long now = fx.clock.get();

    task.process(record(IN, 0, "a", "x", now + DAY + 1));
    task.process(record(IN, 1, "a", "y", now + DAY - 1_000));
    task.fireTimers(10);

    assertThat(fx.sent).hasSize(2);
    assertThat(s(fx.sent.get(0).headers().lastHeader("rivulet.dlq.message").value()))
        .contains("ahead of the clock", "maxFutureEventTime");
    assertThat(task.watermark()).isEqualTo(now + DAY - 1_000);
    assertThat(count(task, "a")).isEqualTo(1L);
  }

  @Test
  void aZeroBoundAcceptsAnyEventTime() {
    Task<String, String, Long> task = fx.running(definition(throwing(IllegalStateException::new))
        .maxFutureEventTime(Duration.ZERO).build());

    task.process(record(IN, 0, "a", "x", fx.clock.get() + 365 * DAY));

    assertThat(fx.sent).singleElement().satisfies(r -> assertThat(r.topic()).isEqualTo("out"));
  }

  @Test
  void aDeadLetterLargerThanItsTopicAcceptsIsTruncatedNotLost() {
    int limit = 10_000;
    Task<String, String, Long> task = fx.running(definition(throwing(IllegalStateException::new))
        .errorPolicy(ErrorPolicy.DEAD_LETTER).build(), limit);

    task.process(record(IN, 0, "a", "poison" + "x".repeat(50_000), 100));

    ProducerRecord<byte[], byte[]> dead = fx.sent.get(0);
    assertThat(DeadLetterBuilderTest.sizeOf(dead)).isLessThanOrEqualTo(limit);
    assertThat(s(dead.headers().lastHeader("rivulet.dlq.truncated").value())).isEqualTo("value");
    assertThat(s(dead.headers().lastHeader("rivulet.dlq.value-bytes").value()))
        .isEqualTo("50006");
    assertThat(s(dead.value())).startsWith("poisonxxx");
    assertThat(s(dead.headers().lastHeader("rivulet.dlq.offset").value())).isEqualTo("0");
  }
}
