package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.driver;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.liveState;
import static dev.rivulet.window.WindowFixtures.result;
import static dev.rivulet.window.WindowFixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.window.Windows;
import dev.rivulet.window.WindowFixtures.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowsTest {
  static final Duration SIZE = Duration.ofSeconds(10);

  @Test
  void oneWindowPerRecordTimestampCoveringTheLastSize() {
    var agg = ids(Windows.sliding(SIZE), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e1"), 1_000);
      driver.pipe(INPUT, "k", new Event("e5"), 5_000);
      driver.pipe(INPUT, "k", new Event("e5b"), 5_000);   // same timestamp: same window
      driver.pipe(INPUT, "k", new Event("e11"), 11_000);  // e1 is exactly SIZE before: out
      driver.pipe(INPUT, "k", new Event("e20"), 20_000);
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(results(driver)).containsExactly(
          result("k", -8_999, 1_001, true, "e1"),
          result("k", -4_999, 5_001, true, "e1", "e5", "e5b"),
          result("k", 1_001, 11_001, true, "e11", "e5", "e5b"),
          result("k", 10_001, 20_001, true, "e11", "e20"));
      assertThat(liveState(driver)).containsOnlyKeys("flush");
    }
  }

  @Test
  void aRecordWhoseOwnWindowClosedStillCountsInLaterOpenWindows() {
    var agg = ids(Windows.sliding(SIZE), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e10"), 10_000);
      driver.pipe(INPUT, "x", new Event("x"), 15_000);     // closes W(10s)
      assertThat(results(driver)).containsExactly(result("k", 1, 10_001, true, "e10"));

      driver.pipe(INPUT, "k", new Event("e8"), 8_000);     // W(8s) closed; later windows not
      driver.pipe(INPUT, "k", new Event("e16"), 16_000);
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(results(driver)).containsExactly(
          result("x", 5_001, 15_001, true, "x"),
          result("k", 6_001, 16_001, true, "e10", "e16", "e8"));
      assertThat(agg.lateRecordCount()).isZero();
      assertThat(liveState(driver)).containsOnlyKeys("flush");
    }
  }
}
