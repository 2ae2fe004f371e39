package dev.rivulet.sample.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventClockTest {

  @Test
  void theClockRunsFastUntilItCatchesUpWithTheWallClock() {
    EventClock clock = new EventClock(1_000_000, 1_000_000 - 3_600_000, 60);

    assertThat(clock.eventTimeAt(1_000_000)).isEqualTo(1_000_000 - 3_600_000);
    assertThat(clock.eventTimeAt(1_010_000)).isEqualTo(1_000_000 - 3_000_000);
    assertThat(Arrays.asList(clock.eventTimeAt(2_000_000), clock.eventTimeAt(3_000_000)))
        .containsExactly(2_000_000L, 3_000_000L);
  }

  @Test
  void aClockStartingNowIsTheBackfillBehindAtThePacesSpeed() {
    EventClock clock = EventClock.startingAt(10_000_000, new Pace(60, Duration.ofHours(1)));

    assertThat(clock).isEqualTo(new EventClock(10_000_000, 10_000_000 - 3_600_000, 60));
  }

  record Pace(double speed, Duration backfill) implements GeneratorPace {
    @Override
    public Duration tick() {
      return Duration.ofMillis(10);
    }
  }
}
