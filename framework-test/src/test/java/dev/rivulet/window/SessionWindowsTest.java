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

class SessionWindowsTest {
  static final Duration GAP = Duration.ofSeconds(10);

  @Test
  void aBridgingRecordMergesTwoSessionsIntoOneResult() {
    var agg = ids(Windows.session(GAP), b -> b);
    try (var driver = driver(agg, Duration.ofSeconds(30))) {
      driver.pipe(INPUT, "k", new Event("e0"), 0);
      driver.pipe(INPUT, "k", new Event("e5"), 5_000);      // session [0, 15s)
      driver.pipe(INPUT, "k", new Event("e22"), 22_000);    // separate: 17 s after e5
      assertThat(liveState(driver).get("k")).filteredOn("window"::equals).hasSize(2);

      driver.pipe(INPUT, "k", new Event("e13"), 13_000);    // 8 s after e5, 9 s before e22
      assertThat(liveState(driver).get("k")).filteredOn("window"::equals).hasSize(1);
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(results(driver))
          .containsExactly(result("k", 0, 32_000, true, "e0", "e13", "e22", "e5"));
      assertThat(liveState(driver)).containsOnlyKeys("flush");
    }
  }

  @Test
  void recordsAGapOrMoreApartFormSeparateSessions() {
    var agg = ids(Windows.session(GAP), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("a"), 0);
      driver.pipe(INPUT, "k", new Event("b"), 9_999);   // 1 ms less than the gap: same session
      driver.pipe(INPUT, "k", new Event("c"), 19_999);  // exactly the gap after b: new session
      driver.pipe(INPUT, "k", new Event("d"), 40_000);  // closes [19_999, 29_999)
      assertThat(results(driver)).containsExactly(
          result("k", 0, 19_999, true, "a", "b"),
          result("k", 19_999, 29_999, true, "c"));
      driver.pipe(INPUT, "flush", new Event("f"), 60_000);
      assertThat(results(driver)).containsExactly(result("k", 40_000, 50_000, true, "d"));
    }
  }

  @Test
  void sessionsOfDifferentKeysNeverMerge() {
    var agg = ids(Windows.session(GAP), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "a", new Event("a1"), 1_000);
      driver.pipe(INPUT, "b", new Event("b1"), 2_000);
      driver.pipe(INPUT, "flush", new Event("f"), 60_000);
      assertThat(results(driver)).containsExactlyInAnyOrder(
          result("a", 1_000, 11_000, true, "a1"),
          result("b", 2_000, 12_000, true, "b1"));
    }
  }

  @Test
  void aLateRecordThatOverlapsAnOpenSessionJoinsIt() {
    // Flink's rule: lateness is judged on the merged session, not the record alone
    var agg = ids(Windows.session(GAP), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e0"), 0);
      driver.pipe(INPUT, "k", new Event("e9"), 9_000);   // session [0, 19s)
      driver.pipe(INPUT, "x", new Event("x"), 15_000);   // watermark 15s
      driver.pipe(INPUT, "k", new Event("e2"), 2_000);   // alone it would close at 12s: late
      driver.pipe(INPUT, "flush", new Event("f"), 60_000);
      assertThat(results(driver)).contains(result("k", 0, 19_000, true, "e0", "e2", "e9"));
      assertThat(agg.lateRecordCount()).isZero();
    }
  }
}
