package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.driver;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.result;
import static dev.rivulet.window.WindowFixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.window.Windows;
import dev.rivulet.test.TestRecord;
import dev.rivulet.window.WindowFixtures.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TumblingAndHoppingWindowsTest {

  @Test
  void tumblingWindowEmitsOneFinalResultWhenTheWatermarkPassesItsEnd() {
    var agg = ids(Windows.tumbling(Duration.ofSeconds(10)), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "a", new Event("a1"), 1_000);
      driver.pipe(INPUT, "a", new Event("a2"), 9_999);
      driver.pipe(INPUT, "b", new Event("b1"), 5_000);
      assertThat(results(driver)).isEmpty();

      driver.pipe(INPUT, "a", new Event("a3"), 10_000); // watermark 10_000 closes [0, 10_000)
      var out = driver.readOutput();
      assertThat(out).extracting(TestRecord::value).containsExactlyInAnyOrder(
          result("a", 0, 10_000, true, "a1", "a2"),
          result("b", 0, 10_000, true, "b1"));
      assertThat(out).extracting(TestRecord::timestamp).containsOnly(9_999L);

      driver.pipe(INPUT, "c", new Event("c1"), 30_000);
      assertThat(results(driver)).containsExactly(result("a", 10_000, 20_000, true, "a3"));
      driver.pipe(INPUT, "c", new Event("c2"), 60_000);
      assertThat(results(driver)).containsExactly(result("c", 30_000, 40_000, true, "c1"));
    }
  }

  @Test
  void hoppingWindowsHoldEveryRecordTheyCover() {
    var agg = ids(Windows.hopping(Duration.ofSeconds(10), Duration.ofSeconds(5)), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e3"), 3_000);   // [-5s,5s) and [0,10s)
      driver.pipe(INPUT, "k", new Event("e7"), 7_000);   // [0,10s) and [5s,15s)
      driver.pipe(INPUT, "k", new Event("e12"), 12_000); // [5s,15s) and [10s,20s)
      driver.pipe(INPUT, "x", new Event("x"), 100_000);
      assertThat(results(driver)).containsExactly(
          result("k", -5_000, 5_000, true, "e3"),
          result("k", 0, 10_000, true, "e3", "e7"),
          result("k", 5_000, 15_000, true, "e7", "e12"),
          result("k", 10_000, 20_000, true, "e12"));
    }
  }

  @Test
  void hoppingWithAnAdvanceThatDoesNotDivideTheSize() {
    var agg = ids(Windows.hopping(Duration.ofMillis(10), Duration.ofMillis(4)), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e9"), 9); // starts 8, 4, 0 cover 9; -4 ends at 6
      driver.pipe(INPUT, "x", new Event("x"), 1_000);
      assertThat(results(driver)).containsExactly(
          result("k", 0, 10, true, "e9"),
          result("k", 4, 14, true, "e9"),
          result("k", 8, 18, true, "e9"));
    }
  }

  @Test
  void allowedLatenessKeepsTheWindowOpenAndDelaysTheFinalResult() {
    var agg = ids(Windows.tumbling(Duration.ofSeconds(10)),
        b -> b.allowedLateness(Duration.ofSeconds(5)));
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("on-time"), 2_000);
      driver.pipe(INPUT, "x", new Event("x1"), 14_999); // past the end, within lateness
      driver.pipe(INPUT, "k", new Event("late-but-allowed"), 9_000);
      assertThat(results(driver)).isEmpty();
      driver.pipe(INPUT, "x", new Event("x2"), 15_000);
      assertThat(results(driver))
          .containsExactly(result("k", 0, 10_000, true, "late-but-allowed", "on-time"));
      assertThat(agg.lateRecordCount()).isZero();
    }
  }
}
