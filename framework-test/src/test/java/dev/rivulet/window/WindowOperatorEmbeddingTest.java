package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.PROCESSOR;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.liveState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import dev.rivulet.window.WindowFixtures.Event;
import dev.rivulet.window.WindowFixtures.Ids;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Two aggregations and the processor's own event-time timer in one processor: their timers fall
 * on the same times (10 s windows, 10 s sessions, a reminder 10 s after each record).
 */
class WindowOperatorEmbeddingTest {
  static final WindowedAggregation<String, Event, Ids> PER_10S =
      ids(Windows.tumbling(Duration.ofSeconds(10)), b -> b.stateName("per10s-windows"));
  static final WindowedAggregation<String, Event, Ids> SESSIONS =
      ids(Windows.session(Duration.ofSeconds(10)), b -> b.stateName("session-windows"));
  static final ValueStateSpec<Long> REMINDER = StateSpec.value("reminder", Long.class);

  /** Alerts on bursts (3+ events in a 10 s window) and reports sessions and reminders. */
  static final class Alerts implements KeyedProcessor<String, Event, String> {
    @Override
    public void process(Event event, KeyedContext<String, String> ctx) {
      PER_10S.operator().process(event, ctx, r -> {});
      SESSIONS.operator().process(event, ctx, r -> {});
      if (ctx.state(REMINDER).get() == null) {
        ctx.state(REMINDER).put(ctx.timestamp() + 10_000);
        ctx.timers().eventTime(ctx.timestamp() + 10_000);
      }
    }

    @Override
    public void onTimer(long time, KeyedContext<String, String> ctx) {
      PER_10S.operator().onTimer(time, ctx, bursts(ctx));
      SESSIONS.operator().onTimer(time, ctx, r -> ctx.emit(
          "session " + r.start() + "-" + r.end() + " " + r.aggregate().ids()));
      Long reminder = ctx.state(REMINDER).get();
      if (reminder != null && reminder == time) {
        ctx.emit("reminder " + time);
        ctx.state(REMINDER).clear();
      }
    }

    private static Consumer<WindowResult<String, Ids>> bursts(KeyedContext<String, String> ctx) {
      return r -> {
        if (r.aggregate().ids().size() >= 3) {
          ctx.emit("burst " + r.start() + " " + r.aggregate().ids());
        }
      };
    }
  }

  @Test
  void aggregationsAndTheProcessorsOwnTimersShareTimerTimesSafely() {
    var builder = ProcessorDefinition.builder(PROCESSOR, new Alerts())
        .keyType(String.class)
        .input(INPUT, Event.class)
        .output("alerts", String.class)
        .state(REMINDER)
        .maxOutOfOrderness(Duration.ofSeconds(10));
    ProcessorDefinition<String, Event, String> def =
        SESSIONS.declareOn(PER_10S.declareOn(builder)).build();
    try (var driver = ProcessorTestDriver.of(def)) {
      driver.pipe(INPUT, "k", new Event("e15"), 15_000);
      driver.pipe(INPUT, "k", new Event("e0"), 0);       // earlier window and session
      driver.pipe(INPUT, "k", new Event("e3"), 3_000);
      driver.pipe(INPUT, "k", new Event("e6"), 6_000);
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(driver.readOutput()).filteredOn(r -> r.key().equals("k"))
          .extracting(TestRecord::value).containsExactly(
              "burst 0 [e0, e3, e6]",
              "session 0-25000 [e0, e15, e3, e6]",
              "reminder 25000");
      assertThat(liveState(driver)).containsOnlyKeys("flush");
    }
  }
}
