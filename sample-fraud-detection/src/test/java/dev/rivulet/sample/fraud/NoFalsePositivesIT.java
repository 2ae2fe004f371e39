package dev.rivulet.sample.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The application on a real (embedded) broker with the generator on and no injected frauds: three
 * hours of normal traffic (small payments, big spenders, trips abroad, blocked and unblocked
 * cards) raise no alert.
 */
@SpringBootTest(classes = FraudDetectionApplication.class, properties = {
    "spring.application.name=fraud-clean-it",
    "rivulet.state-dir=target/it-state/clean-${random.uuid}",
    "fraud.topics.payments=clean-payments",
    "fraud.topics.card-events=clean-card-events",
    "fraud.topics.alerts=clean-alerts",
    "fraud.generator.enabled=true",
    "fraud.generator.seed=7",
    "fraud.generator.cards=80",
    "fraud.generator.speed=360",
    "fraud.generator.backfill=12h",
    "fraud.generator.max-injections=0"})
@RivuletTestBroker(topics = {"clean-payments:4", "clean-card-events:4", "clean-alerts:4"})
@DirtiesContext
class NoFalsePositivesIT {
  private static final Duration SPAN = Duration.ofHours(3);

  @Autowired TrafficGenerator generator;
  @Autowired Rivulet rivulet;
  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

  @Test
  void normalTrafficRaisesNoAlert() {
    await().atMost(Duration.ofSeconds(90))
        .until(() -> generator.eventTime() >= generator.origin() + SPAN.toMillis());
    Settling.settle(rivulet, 8, Instant.ofEpochMilli(generator.origin()).plus(SPAN),
        Duration.ofSeconds(60));

    try (AlertReader reader = new AlertReader(bootstrapServers, "clean-alerts")) {
      assertThat(reader.readToEnd()).isEmpty();
    }
    assertThat(generator.groundTruth().injected()).isEmpty();
    assertThat(generator.paymentsSent()).isGreaterThan(500);
    assertThat(generator.cardEventsSent()).as("blocks and unblocks too").isGreaterThan(80);
  }
}
