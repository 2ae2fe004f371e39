package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.INPUT;
import static dev.rivulet.window.WindowFixtures.driver;
import static dev.rivulet.window.WindowFixtures.ids;
import static dev.rivulet.window.WindowFixtures.liveState;
import static dev.rivulet.window.WindowFixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.window.ReferenceWindows.Timed;
import dev.rivulet.window.WindowFixtures.Event;
import dev.rivulet.window.WindowFixtures.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For many seeded random event sets and bounded shuffles of them (every record at most
 * {@link #BOUND} older than the newest one before it, the processor's maxOutOfOrderness), the
 * final results equal those of the sorted input and those of a brute-force reference, no record
 * is late, and no state is left once the windows have closed.
 */
class OutOfOrderPropertyTest {
  static final long BOUND = 5_000;
  static final int SHUFFLES = 60;
  static final int EVENTS = 80;
  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3");

  interface Config extends UnaryOperator<WindowedAggregation.Builder<String, Event, Ids>> {}

  static Stream<Arguments> cases() {
    Config plain = b -> b;
    Config busy = b -> b.allowedLateness(Duration.ofSeconds(2)).earlyUpdatesPerRecord();
    Config ticking = b -> b.earlyUpdates(Duration.ofSeconds(3));
    return Stream.of(
        Arguments.of("tumbling 10s", Windows.tumbling(Duration.ofSeconds(10)), plain),
        Arguments.of("hopping 10s/3s", Windows.hopping(Duration.ofSeconds(10),
            Duration.ofSeconds(3)), plain),
        Arguments.of("session 4s", Windows.session(Duration.ofSeconds(4)), plain),
        Arguments.of("sliding 5s", Windows.sliding(Duration.ofSeconds(5)), plain),
        Arguments.of("session 4s, lateness, per-record updates",
            Windows.session(Duration.ofSeconds(4)), busy),
        Arguments.of("tumbling 10s, early ticks", Windows.tumbling(Duration.ofSeconds(10)),
            ticking));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void boundedDisorderGivesTheFinalResultsOfSortedInput(String name, Windows windows,
      Config config) {
    int reordered = 0;
    for (int seed = 0; seed < SHUFFLES; seed++) {
      List<Timed> sorted = events(new Random(seed));
      List<Timed> shuffled = boundedShuffle(sorted, new Random(1_000 + seed));
      reordered += shuffled.equals(sorted) ? 0 : 1;
      var expected = ReferenceWindows.finals(windows, sorted);
      assertThat(run(windows, config, sorted)).as("%s, sorted, seed %d", name, seed)
          .isEqualTo(expected);
      assertThat(run(windows, config, shuffled)).as("%s, shuffled, seed %d", name, seed)
          .isEqualTo(expected);
    }
    assertThat(reordered).isEqualTo(SHUFFLES);
  }

  /** Final results of non-flush keys, sorted; checks lateness and leftovers on the way. */
  private static List<WindowResult<String, Ids>> run(Windows windows, Config config,
      List<Timed> input) {
    WindowedAggregation<String, Event, Ids> agg = ids(windows, config);
    try (var driver = driver(agg, Duration.ofMillis(BOUND))) {
      long maxTs = 0;
      List<WindowResult<String, Ids>> out = new ArrayList<>();
      for (Timed e : input) {
        driver.pipe(INPUT, e.key(), new Event(e.id()), e.ts());
        maxTs = Math.max(maxTs, e.ts());
        out.addAll(results(driver));
      }
      driver.pipe(INPUT, "flush", new Event("flush"), maxTs + 100_000);
      out.addAll(results(driver));
      assertThat(agg.lateRecordCount()).isZero();
      assertThat(liveState(driver)).containsOnlyKeys("flush");
      return out.stream().filter(r -> r.isFinal() && !r.key().equals("flush"))
          .sorted(ReferenceWindows.ORDER).toList();
    }
  }

  /** Events in time order, 0 to 2.5 s apart, over a few keys. */
  private static List<Timed> events(Random random) {
    List<Timed> out = new ArrayList<>();
    long ts = 1_000_000;
    for (int i = 0; i < EVENTS; i++) {
      ts += random.nextInt(2_500);
      out.add(new Timed(KEYS.get(random.nextInt(KEYS.size())), "e" + i, ts));
    }
    return out;
  }

  /**
   * Arrival order = time plus a random delay in [0, BOUND]: a record can only arrive after a
   * record at most BOUND newer, so it is never behind the watermark.
   */
  private static List<Timed> boundedShuffle(List<Timed> sorted, Random random) {
    record Arrival(Timed event, long at) {}
    List<Arrival> arrivals = new ArrayList<>();
    sorted.forEach(e -> arrivals.add(new Arrival(e, e.ts() + random.nextInt((int) BOUND + 1))));
    arrivals.sort(Comparator.comparingLong(Arrival::at));
    List<Timed> out = arrivals.stream().map(Arrival::event).toList();
    long max = 0;
    for (Timed e : out) {
      assertThat(e.ts()).isGreaterThanOrEqualTo(max - BOUND);
      max = Math.max(max, e.ts());
    }
    return out;
  }
}
