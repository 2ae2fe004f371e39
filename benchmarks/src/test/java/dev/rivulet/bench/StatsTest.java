package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void contenderArgsRoundTrip() {
    ContenderArgs args = ContenderArgs.parse(new String[] {"rivulet-eos", "localhost:9092", "app",
        "in", "out", "/tmp/x", "tasks=8", "commitMs=50"});
    assertThat(ContenderArgs.parse(args.toArgs().toArray(String[]::new))).isEqualTo(args);
    assertThat(args.tasks()).isEqualTo(8);
    assertThat(args.commitMs()).isEqualTo(50);
    assertThat(args.sessionTimeoutMs()).isEqualTo(-1);
  }
}
