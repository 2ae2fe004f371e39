package dev.rivulet.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.generator.MetricsGenerator;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The application on a real (embedded) broker with the generator on and no incidents: 40 minutes
 * of event time (about 14,000 samples) raise no alert, neither from the windows nor from the
 * heartbeat.
 */
@SpringBootTest(classes = MonitoringApplication.class, properties = {
    "spring.application.name=monitoring-quiet-it",
    "rivulet.state-dir=target/it-state/quiet-${random.uuid}",
    "monitoring.topics.metrics=quiet-metrics",
    "monitoring.topics.stats=quiet-stats",
    "monitoring.topics.alerts=quiet-alerts",
    "monitoring.generator.enabled=true",
    "monitoring.generator.seed=3",
    "monitoring.generator.speed=60",
    "monitoring.generator.backfill=12h",
    "monitoring.generator.max-incidents=0",
    "monitoring.heartbeat.timeout=3s"})
@RivuletTestBroker(topics = {"quiet-metrics:4", "quiet-stats:4", "quiet-alerts:4"})
@DirtiesContext
class NoFalseAlarmsIT {
  private static final Duration SPAN = Duration.ofMinutes(40);

  @Autowired MetricsGenerator generator;
  @Autowired Rivulet rivulet;
  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

  @Test
  void normalTrafficRaisesNoAlert() {
    await().atMost(Duration.ofSeconds(60))
        .until(() -> generator.eventTime() >= generator.origin() + SPAN.toMillis());
    Settling.settle(rivulet, 8, Instant.ofEpochMilli(generator.origin()).plus(SPAN),
        Duration.ofSeconds(60));

    try (TopicReader<ServiceAlert> alerts = new TopicReader<>(bootstrapServers, "quiet-alerts",
        RivuletSerdes.json(ServiceAlert.class).deserializer())) {
      assertThat(alerts.readToEnd()).isEmpty();
    }
    assertThat(generator.incidents().incidents()).isEmpty();
    assertThat(generator.samplesSent()).isGreaterThan(12_000);
  }
}
