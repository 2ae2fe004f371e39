package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.window.WindowOperator;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.window.WindowFixtures.Event;
import dev.rivulet.window.WindowFixtures.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator against a hand-driven context: timers fire only when the test says so, as in a
 * runtime that fires a bounded number of timers per poll loop.
 */
class WindowOperatorTest {
  private final InMemoryContext<WindowResult<String, Ids>> ctx = new InMemoryContext<>();
  private final List<WindowResult<String, Ids>> results = new ArrayList<>();

  @Test
  void aClosedSessionWhoseTimerHasNotFiredYetIsNeverMergedInto() {
    var op = operator(ids(Windows.session(Duration.ofSeconds(10)), b -> b));
    process(op, "k", "e0", 0);                  // [0, 10 s)
    ctx.watermark = 12_000;                     // closed, timer not fired yet
    process(op, "k", "e5", 5_000);              // overlaps it, but starts [5 s, 15 s)
    fire(op, "k", 10_000);
    assertThat(results).containsExactly(result("k", 0, 10_000, true, "e0"));
    ctx.watermark = 20_000;
    fire(op, "k", 15_000);
    assertThat(results).endsWith(result("k", 5_000, 15_000, true, "e5"));
  }

  @Test
  void aRecordForAClosedWindowWhoseTimerHasNotFiredYetIsLate() {
    var agg = ids(Windows.tumbling(Duration.ofSeconds(10)),
        b -> b.lateRecordsTo(WindowFixtures.LATE));
    var op = operator(agg);
    process(op, "k", "e1", 1_000);
    ctx.watermark = 10_000;
    process(op, "k", "e2", 2_000);
    fire(op, "k", 10_000);
    assertThat(results).containsExactly(result("k", 0, 10_000, true, "e1"));
    assertThat(ctx.lateEmits).containsExactly(new Event("e2"));
    assertThat(agg.lateRecordCount()).isEqualTo(1);
  }

  @Test
  void processDeliversEarlyResultsOnlyAndLeavesClosingToTheTimer() {
    var op = operator(
        ids(Windows.tumbling(Duration.ofSeconds(10)), b -> b.earlyUpdatesPerRecord()));
    process(op, "k", "e1", 1_000);
    ctx.watermark = 12_000;                     // [0, 10 s) closed, its timer not fired yet
    process(op, "k", "e15", 15_000);
    assertThat(results).containsExactly(
        result("k", 0, 10_000, false, "e1"),
        result("k", 10_000, 20_000, false, "e15"));
    fire(op, "k", 10_000);
    assertThat(results).endsWith(result("k", 0, 10_000, true, "e1"));
    assertThat(ctx.timersOfKey()).containsExactly(20_000L);
  }

  @Test
  void theNextRecordArmsATimerThatAFailedFiringDropped() {
    var op = operator(ids(Windows.tumbling(Duration.ofSeconds(10)), b -> b));
    process(op, "k", "e1", 1_000);
    ctx.watermark = 12_000;
    assertThat(ctx.consume(10_000)).isTrue();   // onTimer threw; policy SKIP dropped the timer
    process(op, "k", "e15", 15_000);
    assertThat(ctx.timersOfKey()).containsExactly(10_000L);
    fire(op, "k", 10_000);
    assertThat(results).containsExactly(result("k", 0, 10_000, true, "e1"));
  }

  @Test
  void onTimerIgnoresTimersItDidNotSchedule() {
    var op = operator(ids(Windows.tumbling(Duration.ofSeconds(10)), b -> b));
    process(op, "k", "e1", 1_000);
    ctx.watermark = 50_000;
    assertThat(op.onTimer(12_345, ctx.at("k", 12_345), results::add)).isFalse();
    ctx.watermark = 9_999;
    assertThat(op.onTimer(10_000, ctx.at("k", 10_000), results::add)).isFalse();
    assertThat(results).isEmpty();
    assertThat(ctx.timersOfKey()).containsExactly(10_000L);
  }

  @Test
  void theBuiltInProcessorKeepsOneTimerPerKeyAtItsEarliestDeadline() {
    var agg = ids(Windows.hopping(Duration.ofSeconds(60), Duration.ofSeconds(1)), b -> b);
    KeyedProcessor<String, Event, WindowResult<String, Ids>> processor =
        WindowFixtures.definition(agg, Duration.ZERO).processorFactory().get();
    processor.process(new Event("e30"), ctx.at("k", 30_000));  // 60 windows, first ends at 31 s
    assertThat(ctx.mapSize("window")).isEqualTo(60);
    assertThat(ctx.timersOfKey()).containsExactly(31_000L);
    processor.process(new Event("e5"), ctx.at("k", 5_000));    // earlier windows: the timer moves
    assertThat(ctx.timersOfKey()).containsExactly(6_000L);
    processor.process(new Event("o"), ctx.at("other", 7_000));
    assertThat(ctx.timersOfKey()).containsExactly(8_000L);

    ctx.watermark = 31_500;
    assertThat(ctx.at("k", 6_000).consume(6_000)).isTrue();
    processor.onTimer(6_000, ctx);                             // closes the 26 ending by 31.5 s
    assertThat(ctx.emitted).hasSize(26).allMatch(WindowResult::isFinal);
    assertThat(ctx.timersOfKey()).containsExactly(32_000L);
  }

  @Test
  void anEmbeddedOperatorNeverDeletesATimerAndIgnoresItWhenItFires() {
    var op = operator(
        ids(Windows.hopping(Duration.ofSeconds(60), Duration.ofSeconds(1)), b -> b));
    process(op, "k", "e30", 30_000);
    process(op, "k", "e5", 5_000);
    assertThat(ctx.timersOfKey()).containsExactly(6_000L, 31_000L);
    ctx.watermark = 31_500;
    fire(op, "k", 6_000);
    assertThat(results).hasSize(26);
    assertThat(ctx.timersOfKey()).containsExactly(31_000L, 32_000L);
    assertThat(ctx.consume(31_000)).isTrue();                  // due: the runtime fires it
    assertThat(op.onTimer(31_000, ctx, results::add)).isFalse();
    assertThat(results).hasSize(26);
    assertThat(ctx.timersOfKey()).containsExactly(32_000L);
  }

  @Test
  void aWatermarkJumpClosesEveryDueWindowInOneFiringAndLeavesNothing() {
    var op = operator(ids(Windows.tumbling(Duration.ofSeconds(10)),
        b -> b.earlyUpdates(Duration.ofSeconds(3))));
    process(op, "k", "a", 1_000);
    process(op, "k", "b", 11_000);
    process(op, "k", "c", 21_000);
    assertThat(ctx.timersOfKey()).containsExactly(3_000L);  // the first early tick
    ctx.watermark = 100_000;
    fire(op, "k", 3_000);
    assertThat(results).containsExactly(
        result("k", 0, 10_000, true, "a"),
        result("k", 10_000, 20_000, true, "b"),
        result("k", 20_000, 30_000, true, "c"));
    assertThat(ctx.at("k", 0).mapSize("window")).isZero();
    assertThat(ctx.timersOfKey()).isEmpty();
    assertThat(ctx.hasValue("window-schedule")).isFalse();
  }

  private static WindowOperator<String, Event, Ids> operator(
      WindowedAggregation<String, Event, Ids> agg) {
    return agg.operator();
  }

  private void process(WindowOperator<String, Event, Ids> op, String key, String id, long ts) {
    op.process(new Event(id), ctx.at(key, ts), results::add);
  }

  /** Fires the key's timer at {@code time}, as the runtime does: consume it, then call. */
  private void fire(WindowOperator<String, Event, Ids> op, String key, long time) {
    ctx.at(key, time);
    assertThat(ctx.consume(time)).as("timer %d of %s registered", time, key).isTrue();
    assertThat(op.onTimer(time, ctx, results::add)).isTrue();
  }
}
