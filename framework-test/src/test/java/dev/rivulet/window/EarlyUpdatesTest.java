package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.driver;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.result;
import static dev.rivulet.window.WindowFixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.Windows;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.window.WindowFixtures.Event;
import dev.rivulet.window.WindowFixtures.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyUpdatesTest {

  @Test
  void intervalUpdatesReportChangedWindowsAtEachTickThenTheFinalResult() {
    var agg = ids(Windows.tumbling(Duration.ofMinutes(1)),
        b -> b.earlyUpdates(Duration.ofSeconds(10)));
    try (var driver = driver(agg)) {
      List<WindowResult<String, Ids>> k = new ArrayList<>();
      driver.pipe(INPUT, "k", new Event("e1"), 1_000);
      driver.pipe(INPUT, "k", new Event("e5"), 5_000);
      k.addAll(of("k", driver));
      assertThat(k).isEmpty();                              // next tick is at 10 s
      driver.pipe(INPUT, "x", new Event("x"), 12_000);
      driver.pipe(INPUT, "k", new Event("e30"), 30_000);
      driver.pipe(INPUT, "x", new Event("x"), 45_000);      // passes the 40 s tick
      driver.pipe(INPUT, "x", new Event("x"), 55_000);      // k unchanged: nothing new
      k.addAll(of("k", driver));
      driver.pipe(INPUT, "x", new Event("x"), 61_000);
      k.addAll(of("k", driver));
      assertThat(k).containsExactly(
          result("k", 0, 60_000, false, "e1", "e5"),
          result("k", 0, 60_000, false, "e1", "e30", "e5"),
          result("k", 0, 60_000, true, "e1", "e30", "e5"));
    }
  }

  @Test
  void perRecordUpdatesReportEveryChangedWindowRightAway() {
    var agg = ids(Windows.hopping(Duration.ofSeconds(10), Duration.ofSeconds(5)),
        b -> b.earlyUpdatesPerRecord());
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e3"), 3_000);
      assertThat(results(driver)).containsExactly(
          result("k", -5_000, 5_000, false, "e3"),
          result("k", 0, 10_000, false, "e3"));
      driver.pipe(INPUT, "k", new Event("e4"), 4_000);
      driver.pipe(INPUT, "x", new Event("x"), 20_000);
      assertThat(of("k", driver)).containsExactly(
          result("k", -5_000, 5_000, false, "e3", "e4"),
          result("k", 0, 10_000, false, "e3", "e4"),
          result("k", -5_000, 5_000, true, "e3", "e4"),
          result("k", 0, 10_000, true, "e3", "e4"));
    }
  }

  @Test
  void sessionUpdatesFollowTheSessionAsItGrows() {
    var agg = ids(Windows.session(Duration.ofSeconds(10)),
        b -> b.earlyUpdates(Duration.ofSeconds(5)));
    try (var driver = driver(agg)) {
      driver.pipe(INPUT, "k", new Event("e0"), 0);
      driver.pipe(INPUT, "x", new Event("x"), 6_000);
      driver.pipe(INPUT, "k", new Event("e8"), 8_000);
      driver.pipe(INPUT, "x", new Event("x"), 12_000);
      driver.pipe(INPUT, "x", new Event("x"), 30_000);
      assertThat(of("k", driver)).containsExactly(
          result("k", 0, 10_000, false, "e0"),
          result("k", 0, 18_000, false, "e0", "e8"),
          result("k", 0, 18_000, true, "e0", "e8"));
    }
  }

  @Test
  void slidingUpdatesReportTheWindowsARecordChanges() {
    var agg = ids(Windows.sliding(Duration.ofSeconds(10)), b -> b.earlyUpdatesPerRecord());
    try (var driver = driver(agg, Duration.ofSeconds(20))) {
      driver.pipe(INPUT, "k", new Event("e5"), 5_000);
      driver.pipe(INPUT, "k", new Event("e1"), 1_000);   // out of order: also changes W(5s)
      driver.pipe(INPUT, "x", new Event("x"), 100_000);
      assertThat(of("k", driver)).containsExactly(
          result("k", -4_999, 5_001, false, "e5"),
          result("k", -8_999, 1_001, false, "e1"),
          result("k", -4_999, 5_001, false, "e1", "e5"),
          result("k", -8_999, 1_001, true, "e1"),
          result("k", -4_999, 5_001, true, "e1", "e5"));
    }
  }

  private static List<WindowResult<String, Ids>> of(String key,
      ProcessorTestDriver<String, Event, WindowResult<String, Ids>> driver) {
    return results(driver).stream().filter(r -> r.key().equals(key)).toList();
  }
}
