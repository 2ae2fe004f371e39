package dev.rivulet.sample.monitoring.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import dev.rivulet.sample.monitoring.model.ServiceAlert.State;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat processor with the test driver, whose processing-time clock the test moves. (The
 * starter derives this definition from the {@code @StreamProcessor} bean.)
 */
class HeartbeatProcessorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final long T0 = Instant.parse("2025-06-02T10:00:00Z").toEpochMilli();

  private final HeartbeatProcessor processor =
      new HeartbeatProcessor(new HeartbeatSettings(TIMEOUT));
  private final ProcessorTestDriver<String, MetricSample, ServiceAlert> driver =
      ProcessorTestDriver.of(ProcessorDefinition.builder("service-heartbeat", processor)
          .keyType(String.class)
          .input("service-metrics", MetricSample.class)
          .output("service-alerts", ServiceAlert.class)
          .state(HeartbeatProcessor.HEARTBEAT)
          .timestampExtractor(processor)
          .build());
  private int eventSeconds;

  @AfterEach
  void close() {
    driver.close();
  }

  private void sample(String service) {
    long time = T0 + 1000L * eventSeconds++;
    driver.pipe("service-metrics", service,
        new MetricSample(service, "GET /", 10, 200, Instant.ofEpochMilli(time)), time);
  }

  private void seconds(long seconds) {
    driver.advanceProcessingTime(Duration.ofSeconds(seconds));
  }

  @Test
  void aSilentServiceFiresOnceAndResolvesWhenItReportsAgain() {
    driver.setProcessingTime(1_000_000);
    sample("svc");
    seconds(6); // overdue: confirmed half a timeout later
    assertThat(driver.readOutput()).isEmpty();
    seconds(3);
    seconds(30);
    sample("svc");
    sample("svc");

    assertThat(driver.readOutput()).extracting(TestRecord::value)
        .extracting(ServiceAlert::service, ServiceAlert::kind, ServiceAlert::state,
            ServiceAlert::eventTime)
        .containsExactly(
            tuple("svc", Kind.SILENCE, State.FIRING, Instant.ofEpochMilli(T0)),
            tuple("svc", Kind.SILENCE, State.RESOLVED, Instant.ofEpochMilli(T0 + 1000)));
  }

  @Test
  void aSampleBeforeTheConfirmationIsNoSilence() {
    driver.setProcessingTime(1_000_000);
    sample("svc");
    seconds(6); // overdue: a consumer catching up, say
    sample("svc");
    seconds(3);
    sample("svc");

    assertThat(driver.readOutput()).isEmpty();
    assertThat(driver.state(HeartbeatProcessor.HEARTBEAT, "svc").status())
        .isEqualTo(Heartbeat.Status.OK);
  }

  @Test
  void aServiceReportingRegularlyStaysQuietWithOneTimerAtATime() {
    driver.setProcessingTime(1_000_000);
    for (int i = 0; i < 60; i++) {
      sample("svc");
      seconds(2);
    }

    assertThat(driver.readOutput()).isEmpty();
    assertThat(driver.meterRegistry().find("rivulet.timers.fired").counter().count())
        .as("a check every timeout, not one per sample").isBetween(20.0, 30.0);
  }

  @Test
  void eachServiceHasItsOwnHeartbeat() {
    driver.setProcessingTime(1_000_000);
    sample("a");
    sample("b");
    for (int i = 0; i < 5; i++) {
      seconds(2);
      sample("a");
    }
    assertThat(driver.state(HeartbeatProcessor.HEARTBEAT, "b").status())
        .isEqualTo(Heartbeat.Status.SILENT);

    assertThat(driver.readOutput()).extracting(TestRecord::value)
        .extracting(ServiceAlert::service, ServiceAlert::state)
        .containsExactly(tuple("b", State.FIRING));
  }
}
