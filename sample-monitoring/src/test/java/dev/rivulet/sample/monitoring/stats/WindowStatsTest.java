package dev.rivulet.sample.monitoring.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.sample.monitoring.model.MetricSample;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The window accumulator: counts, percentiles from HdrHistogram, merge and serde. */
class WindowStatsTest {

  private static MetricSample sample(long latency, int status) {
    return new MetricSample("svc", "GET /", latency, status, Instant.EPOCH);
  }

  @Test
  void countsAndPercentiles() {
    WindowStats stats = WindowStats.empty();
    for (int latency = 1; latency <= 1000; latency++) {
      stats.add(sample(latency, latency % 100 == 0 ? 500 : 200));
    }

    assertThat(stats.count()).isEqualTo(1000);
    assertThat(stats.errors()).isEqualTo(10);
    assertThat(stats.errorRate()).isEqualTo(0.01);
    assertThat(stats.percentile(50)).isBetween(495L, 505L);
    assertThat(stats.percentile(95)).isBetween(940L, 960L);
    assertThat(stats.percentile(99)).isBetween(980L, 1000L);
    assertThat(stats.max()).isBetween(995L, 1005L);
  }

  @Test
  void mergesAndSurvivesTheSerde() {
    WindowStats a = WindowStats.empty().add(sample(10, 200)).add(sample(20, 503));
    WindowStats b = WindowStats.empty().add(sample(3_000, 200));
    Serde<WindowStats> serde = WindowStats.serde();

    byte[] bytes = serde.serializer().serialize("t", a.merge(b));
    WindowStats copy = serde.deserializer().deserialize("t", bytes);

    assertThat(copy.count()).isEqualTo(3);
    assertThat(copy.errors()).isEqualTo(1);
    assertThat(copy.max()).isBetween(2990L, 3010L);
    assertThat(bytes.length).as("compressed").isLessThan(200);
  }

  @Test
  void clampsOutOfRangeLatencies() {
    WindowStats stats = WindowStats.empty().add(sample(0, 200)).add(sample(Long.MAX_VALUE, 200));

    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.max()).isGreaterThanOrEqualTo(WindowStats.MAX_LATENCY_MS);
  }
}
