package dev.rivulet.sample.monitoring.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivulet.api.Output;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.MonitoringTopics;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import dev.rivulet.sample.monitoring.model.ServiceAlert.State;
import dev.rivulet.sample.monitoring.model.ServiceStats;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service-stats processor with the test driver: windows, statistics, alerts. */
class ServiceStatsProcessorTest {
  private static final MonitoringTopics TOPICS = MonitoringTopics.defaults();
  private static final Output<String, ServiceStats> STATS = new Output<>("stats", TOPICS.stats(),
      RivuletSerdes.string(), RivuletSerdes.json(ServiceStats.class));
  private static final long T0 = Instant.parse("2025-06-02T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  private final ProcessorTestDriver<String, MetricSample, ServiceAlert> driver =
      ProcessorTestDriver.of(ServiceStatsProcessor.definition(TOPICS, AnomalySettings.defaults()));
  private final Random random = new Random(1);

  @AfterEach
  void close() {
    driver.close();
  }

  /** 60 samples in minute {@code minute} of service svc: latency ~ median x factor. */
  private void window(int minute, double latencyFactor, double errorRate) {
    for (int i = 0; i < 60; i++) {
      long latency = Math.round(100 * latencyFactor * Math.exp(0.3 * random.nextGaussian()));
      int status = random.nextDouble() < errorRate ? 503 : 200;
      long time = T0 + minute * MINUTE + i * 1000;
      driver.pipe(TOPICS.metrics(), "svc",
          new MetricSample("svc", "GET /", latency, status, Instant.ofEpochMilli(time)), time);
    }
  }

  /** Closes every window up to minute {@code minutes} with a sample of another service. */
  private void closeWindowsBefore(int minutes) {
    long time = T0 + minutes * MINUTE + 10_000;
    driver.pipe(TOPICS.metrics(), "clock",
        new MetricSample("clock", "-", 1, 200, Instant.ofEpochMilli(time)), time);
  }

  @Test
  void emitsStatisticsPerServiceAndWindow() {
    for (int i = 1; i <= 100; i++) {
      long time = T0 + i * 100;
      driver.pipe(TOPICS.metrics(), "svc", new MetricSample("svc", "GET /", i,
          i <= 5 ? 500 : 200, Instant.ofEpochMilli(time)), time);
    }
    closeWindowsBefore(1);

    List<TestRecord<String, ServiceStats>> stats = driver.readOutput(STATS);
    assertThat(stats).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("svc");
      assertThat(r.timestamp()).isEqualTo(T0 + MINUTE - 1);
      ServiceStats s = r.value();
      assertThat(s.start()).isEqualTo(Instant.ofEpochMilli(T0));
      assertThat(s.end()).isEqualTo(Instant.ofEpochMilli(T0 + MINUTE));
      assertThat(s.count()).isEqualTo(100);
      assertThat(s.errors()).isEqualTo(5);
      assertThat(s.errorRate()).isEqualTo(0.05);
      assertThat(List.of(s.p50(), s.p95(), s.p99(), s.max())).containsExactly(50L, 95L, 99L,
          100L);
    });
  }

  @Test
  void aLatencySpikeFiresOnceAndResolvesOnce() {
    for (int minute = 0; minute < 12; minute++) {
      window(minute, 1, 0.01);
    }
    for (int minute = 12; minute < 15; minute++) {
      window(minute, 6, 0.01);
    }
    for (int minute = 15; minute < 20; minute++) {
      window(minute, 1, 0.01);
    }
    closeWindowsBefore(20);

    assertThat(driver.readOutput()).extracting(TestRecord::value)
        .extracting(ServiceAlert::kind, ServiceAlert::state, ServiceAlert::eventTime)
        .containsExactly(
            tuple(Kind.LATENCY_SPIKE, State.FIRING, Instant.ofEpochMilli(T0 + 12 * MINUTE)),
            tuple(Kind.LATENCY_SPIKE, State.RESOLVED, Instant.ofEpochMilli(T0 + 16 * MINUTE)));
    assertThat(driver.readOutput(STATS)).hasSize(20);
    ServiceBaseline baseline = driver.state(ServiceStatsProcessor.BASELINE, "svc");
    // learned: 12 before the spike, 3 after the alert resolved; not the 5 while it fired
    assertThat(baseline.latency().windows()).isEqualTo(15);
    assertThat(baseline.latency().mean()).isBetween(110.0, 160.0);
  }

  @Test
  void anErrorBurstFiresOnceAndResolvesOnce() {
    for (int minute = 0; minute < 12; minute++) {
      window(minute, 1, 0.01);
    }
    window(12, 1, 0.4);
    window(13, 1, 0.4);
    for (int minute = 14; minute < 18; minute++) {
      window(minute, 1, 0.01);
    }
    closeWindowsBefore(18);

    assertThat(driver.readOutput()).extracting(TestRecord::value)
        .extracting(ServiceAlert::kind, ServiceAlert::state)
        .containsExactly(tuple(Kind.ERROR_BURST, State.FIRING),
            tuple(Kind.ERROR_BURST, State.RESOLVED));
  }

  @Test
  void staysQuietOnSteadyTrafficAndWhileWarmingUp() {
    window(0, 1, 0.01);
    window(1, 8, 0.5); // an "incident" while the baseline is still warming up
    for (int minute = 2; minute < 40; minute++) {
      window(minute, 1, 0.01);
    }
    closeWindowsBefore(40);

    assertThat(driver.readOutput()).isEmpty();
  }

  @Test
  void doesNotJudgeWindowsWithTooFewSamples() {
    for (int minute = 0; minute < 12; minute++) {
      window(minute, 1, 0.01);
    }
    long time = T0 + 12 * MINUTE;
    for (int i = 0; i < 10; i++) {
      driver.pipe(TOPICS.metrics(), "svc", new MetricSample("svc", "GET /", 5000, 503,
          Instant.ofEpochMilli(time + i)), time + i);
    }
    closeWindowsBefore(13);

    assertThat(driver.readOutput()).isEmpty();
    assertThat(driver.readOutput(STATS)).last()
        .satisfies(r -> assertThat(r.value().errorRate()).isEqualTo(1.0));
  }
}
