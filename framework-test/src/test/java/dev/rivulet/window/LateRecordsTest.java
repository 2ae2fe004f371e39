package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.LATE;
import static dev.rivulet.window.WindowFixtures.driver;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.liveState;
import static dev.rivulet.window.WindowFixtures.result;
import static dev.rivulet.window.WindowFixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.window.Windows;
import dev.rivulet.test.TestRecord;
import dev.rivulet.window.WindowFixtures.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LateRecordsTest {
  static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @Test
  void recordsBeyondAllowedLatenessGoToTheLateOutputNotIntoTheClosedWindow() {
    var agg = ids(Windows.tumbling(TEN_SECONDS),
        b -> b.allowedLateness(Duration.ofSeconds(5)).lateRecordsTo(LATE));
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("in"), 1_000);
      driver.pipe(INPUT, "x", new Event("x1"), 15_000); // watermark = end + lateness: closed
      assertThat(results(driver)).containsExactly(result("k", 0, 10_000, true, "in"));

      driver.pipe(INPUT, "k", new Event("too-late"), 9_000);
      driver.pipe(INPUT, "x", new Event("x2"), 100_000);
      assertThat(driver.readOutput(LATE)).extracting(TestRecord::key, TestRecord::value,
          TestRecord::timestamp).containsExactly(
              org.assertj.core.groups.Tuple.tuple("k", new Event("too-late"), 9_000L));
      assertThat(results(driver)).containsExactly(result("x", 10_000, 20_000, true, "x1"));
      assertThat(agg.lateRecordCount()).isEqualTo(1);
      assertThat(liveState(driver)).doesNotContainKey("k");
    }
  }

  @Test
  void withoutALateOutputLateRecordsAreDroppedAndCounted() {
    var agg = ids(Windows.tumbling(TEN_SECONDS), b -> b);
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("in"), 1_000);
      driver.pipe(INPUT, "x", new Event("x1"), 10_000);
      driver.pipe(INPUT, "k", new Event("late1"), 9_999);
      driver.pipe(INPUT, "k", new Event("late2"), 0);
      driver.pipe(INPUT, "x", new Event("x2"), 100_000);
      assertThat(results(driver)).containsExactly(
          result("k", 0, 10_000, true, "in"),
          result("x", 10_000, 20_000, true, "x1"));
      assertThat(agg.lateRecordCount()).isEqualTo(2);
      assertThat(liveState(driver)).doesNotContainKey("k");
    }
  }

  @Test
  void aHoppingRecordIsLateOnlyWhenEveryWindowOfItHasClosed() {
    var agg = ids(Windows.hopping(TEN_SECONDS, Duration.ofSeconds(5)), b -> b.lateRecordsTo(LATE));
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e1"), 1_000);   // [-5s,5s) [0,10s)
      driver.pipe(INPUT, "x", new Event("x"), 12_000);   // closes both
      driver.pipe(INPUT, "k", new Event("e7"), 7_000);   // [0,10s) closed, [5s,15s) open
      driver.pipe(INPUT, "k", new Event("e2"), 2_000);   // both windows closed: late
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(results(driver)).filteredOn(r -> r.key().equals("k")).containsExactly(
          result("k", -5_000, 5_000, true, "e1"),
          result("k", 0, 10_000, true, "e1"),
          result("k", 5_000, 15_000, true, "e7"));
      assertThat(driver.readOutput(LATE)).extracting(TestRecord::value)
          .containsExactly(new Event("e2"));
    }
  }

  @Test
  void aRecordAfterASessionClosedStartsANewSessionOrIsLate() {
    var agg = ids(Windows.session(TEN_SECONDS), b -> b.lateRecordsTo(LATE));
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e0"), 0);
      driver.pipe(INPUT, "x", new Event("x1"), 10_000);  // closes [0, 10s)
      assertThat(results(driver)).containsExactly(result("k", 0, 10_000, true, "e0"));

      driver.pipe(INPUT, "k", new Event("e5"), 5_000);   // [5s, 15s) still open: a new session
      driver.pipe(INPUT, "x", new Event("x2"), 30_000);
      driver.pipe(INPUT, "k", new Event("e6"), 6_000);   // [6s, 16s) closed: late
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(results(driver)).filteredOn(r -> r.key().equals("k"))
          .containsExactly(result("k", 5_000, 15_000, true, "e5"));
      assertThat(driver.readOutput(LATE)).extracting(TestRecord::value)
          .containsExactly(new Event("e6"));
      assertThat(agg.lateRecordCount()).isEqualTo(1);
    }
  }

  @Test
  void aSlidingRecordIsLateWhenNoWindowCanCoverItAnyMore() {
    var agg = ids(Windows.sliding(TEN_SECONDS), b -> b.lateRecordsTo(LATE));
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e20"), 20_000);
      driver.pipe(INPUT, "k", new Event("e9"), 9_999);   // 20_000 - 10_000 < 9_999 + 1: late
      driver.pipe(INPUT, "k", new Event("e10"), 10_001); // covered by W(20s): not late
      driver.pipe(INPUT, "flush", new Event("f"), 100_000);
      assertThat(results(driver)).filteredOn(r -> r.key().equals("k"))
          .containsExactly(result("k", 10_001, 20_001, true, "e10", "e20"));
      assertThat(driver.readOutput(LATE)).extracting(TestRecord::value)
          .containsExactly(new Event("e9"));
    }
  }
}
