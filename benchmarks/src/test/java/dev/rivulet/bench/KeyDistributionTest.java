package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyDistributionTest {

  @Test
  void uniformStaysInRangeAndCoversKeysEvenly() {
    KeyDistribution d = KeyDistribution.uniform(10, 1);
    int[] counts = new int[10];
    for (int i = 0; i < 100_000; i++) {
      counts[d.next()]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
  }

  @Test
  void sequentialGivesEveryKeyOnceInTurn() {
    KeyDistribution d = KeyDistribution.sequential(3);
    int[] seen = new int[7];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = d.next();
    }
    assertThat(seen).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void zipfFavoursLowRanksByThePowerLaw() {
    KeyDistribution d = KeyDistribution.zipf(1_000, 1.1, 1);
    int[] counts = new int[1_000];
    for (int i = 0; i < 200_000; i++) {
      counts[d.next()]++;
    }
    // p(rank 1) / p(rank 2) = 2^1.1 ~ 2.14
    assertThat((double) counts[0] / counts[1]).isBetween(1.9, 2.4);
    assertThat(counts[0]).isGreaterThan(counts[99] * 50);
  }

  @Test
  void sameSeedSameSequence() {
    KeyDistribution a = KeyDistribution.parse("zipf:1.1", 100, 9);
    KeyDistribution b = KeyDistribution.parse("zipf:1.1", 100, 9);
    for (int i = 0; i < 1_000; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void rejectsUnknownSpec() {
    assertThatThrownBy(() -> KeyDistribution.parse("normal", 10, 1))
        .hasMessageContaining("uniform or zipf");
  }
}
