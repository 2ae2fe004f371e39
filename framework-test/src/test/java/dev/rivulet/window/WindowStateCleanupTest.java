package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.driver;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.liveState;
import static dev.rivulet.window.WindowFixtures.result;
import static dev.rivulet.window.WindowFixtures.results;
import static dev.rivulet.window.WindowFixtures.timersOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.window.Windows;
import dev.rivulet.window.WindowFixtures.Event;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WindowStateCleanupTest {

  @Test
  void aClosedWindowsStateIsDeletedWhenItFiresAndTheOthersStay() {
    var agg = ids(Windows.tumbling(Duration.ofSeconds(10)), b -> b);
    try (var driver = driver(agg, Duration.ofSeconds(15))) {
      driver.pipe(INPUT, "k", new Event("a"), 1_000);
      driver.pipe(INPUT, "k", new Event("b"), 12_000);
      driver.pipe(INPUT, "k", new Event("c"), 25_000);
      assertThat(liveState(driver).get("k"))
          .containsExactlyInAnyOrder("window", "window", "window-schedule", "timers");

      driver.pipe(INPUT, "x", new Event("x"), 25_000);   // watermark 10 s closes [0, 10 s)
      assertThat(results(driver)).containsExactly(result("k", 0, 10_000, true, "a"));
      assertThat(liveState(driver).get("k"))
          .containsExactlyInAnyOrder("window", "window", "window-schedule", "timers");
      driver.pipe(INPUT, "x", new Event("x"), 50_000);   // watermark 35 s closes the other two
      assertThat(results(driver)).filteredOn(r -> r.key().equals("k")).containsExactly(
          result("k", 10_000, 20_000, true, "b"),
          result("k", 20_000, 30_000, true, "c"));
      assertThat(liveState(driver)).containsOnlyKeys("x");
    }
  }

  static Stream<Windows> windows() {
    return Stream.of(Windows.tumbling(Duration.ofSeconds(10)),
        Windows.hopping(Duration.ofSeconds(10), Duration.ofSeconds(2)),
        Windows.sliding(Duration.ofSeconds(5)),
        Windows.session(Duration.ofSeconds(3)));
  }

  @ParameterizedTest
  @MethodSource("windows")
  void everyKeyHasAtMostOneTimerAndNoStateOnceItsWindowsClosed(Windows windows) {
    var agg = ids(windows, b -> b.allowedLateness(Duration.ofSeconds(2))
        .earlyUpdates(Duration.ofSeconds(4)));
    Random random = new Random(7);
    List<String> keys = List.of("a", "b", "c");
    try (var driver = driver(agg, Duration.ofSeconds(6))) {
      long maxTs = 0;
      for (int i = 0; i < 120; i++) {
        long ts = Math.max(0, maxTs - random.nextInt(6_000)) + random.nextInt(1_500);
        maxTs = Math.max(maxTs, ts);
        String key = keys.get(random.nextInt(keys.size()));
        driver.pipe(INPUT, key, new Event("e" + i), ts);
        for (String k : keys) {
          assertThat(timersOf(driver, k)).as("timers of %s after record %d", k, i)
              .isLessThanOrEqualTo(1);
        }
      }
      assertThat(liveState(driver)).containsKeys("a", "b", "c");
      driver.pipe(INPUT, "flush", new Event("f"), maxTs + 60_000);
      assertThat(results(driver)).filteredOn(r -> r.isFinal()).isNotEmpty();
      assertThat(liveState(driver)).containsOnlyKeys("flush");
    }
  }
}
