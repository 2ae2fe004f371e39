package dev.rivulet.internal.task;

import static dev.rivulet.internal.task.TaskFixture.COUNT;
import static dev.rivulet.internal.task.TaskFixture.IN;
import static dev.rivulet.internal.task.TaskFixture.count;
import static dev.rivulet.internal.task.TaskFixture.definition;
import static dev.rivulet.internal.task.TaskFixture.longOutput;
import static dev.rivulet.internal.task.TaskFixture.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.TimeDomain;
import dev.rivulet.api.runtime.RivuletMetricNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's timers: when they fire, with which time domain, and what a failing one leaves. */
class TaskTimersTest {
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

  /** Registers an event-time timer at ts + 50 and a processing-time one at now + 500. */
  private static final class TimerProcessor implements KeyedProcessor<String, String, Long> {
    final List<String> fired = new ArrayList<>();
    boolean failTimers;

    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {
      ctx.timers().eventTime(ctx.timestamp() + 50);
      ctx.timers().processingTime(ctx.currentProcessingTime() + 500);
    }

    @Override
    public void onTimer(long time, TimeDomain domain, KeyedContext<String, Long> ctx) {
      fired.add(domain + "@" + time + ":" + ctx.key() + " topic=" + ctx.topic());
      ctx.state(COUNT).put(time);
      ctx.emit(time);
      if (failTimers) {
        throw new IllegalStateException("timer failed");
      }
    }
  }

  @Test
  void timersFireOnceDueWithTheirTimeDomain() {
    TimerProcessor p = new TimerProcessor();
    Task<String, String, Long> task = fx.running(definition(p).build());
    task.process(record(IN, 0, "a", "x", 100)); // event timer 150, processing timer 1500

    assertThat(task.fireTimers(100)).isZero();
    task.process(record(IN, 1, "b", "x", 150)); // watermark 150; b: 200, 1500
    assertThat(task.fireTimers(100)).isEqualTo(1);
    assertThat(fx.sent).extracting(r -> longOutput(r) + "@" + r.timestamp())
        .containsExactly("out:a=150@150");

    fx.clock.set(1_500);
    assertThat(task.fireTimers(100)).isEqualTo(2);
    assertThat(p.fired).containsExactly("EVENT_TIME@150:a topic=null",
        "PROCESSING_TIME@1500:a topic=null", "PROCESSING_TIME@1500:b topic=null");
    assertThat(task.fireTimers(100)).isZero();
  }

  @Test
  void aFailingTimerIsRolledBackAndDroppedUnderSkip() {
    TimerProcessor p = new TimerProcessor();
    Task<String, String, Long> task =
        fx.running(definition(p).errorPolicy(ErrorPolicy.SKIP).build());
    task.process(record(IN, 0, "a", "x", 100));
    p.failTimers = true;
    fx.clock.set(1_500);

    assertThat(task.fireTimers(100)).isEqualTo(1);

    assertThat(count(task, "a")).isNull();
    assertThat(fx.sent).isEmpty();
    assertThat(fx.counter(RivuletMetricNames.RECORDS_SKIPPED)).isEqualTo(1.0);
    assertThat(task.fireTimers(100)).as("not fired again").isZero();
  }

  @Test
  void aFailingTimerUnderFailStopsTheTask() {
    TimerProcessor p = new TimerProcessor();
    Task<String, String, Long> task = fx.running(definition(p).build());
    task.process(record(IN, 0, "a", "x", 100));
    p.failTimers = true;
    fx.clock.set(1_500);

    assertThatThrownBy(() -> task.fireTimers(100)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("onTimer(1500)");
    assertThat(fx.sent).isEmpty();
  }

  @Test
  void aDueTimerDeletedByAnEarlierTimerOfTheSameBatchDoesNotFire() {
    List<Long> fired = new ArrayList<>();
    Task<String, String, Long> task = fx.running(definition(new KeyedProcessor<>() {
      @Override
      public void process(String value, KeyedContext<String, Long> ctx) {
        if (value.equals("register")) {
          ctx.timers().eventTime(150);
          ctx.timers().eventTime(160);
        }
      }

      @Override
      public void onTimer(long time, KeyedContext<String, Long> ctx) {
        fired.add(time);
        ctx.timers().deleteEventTime(160);
      }
    }).build());
    task.process(record(IN, 0, "a", "register", 100));
    task.process(record(IN, 1, "a", "tick", 200)); // watermark 200: 150 and 160 due at once

    task.fireTimers(100);
    task.fireTimers(100);

    assertThat(fired).containsExactly(150L);
  }
}
