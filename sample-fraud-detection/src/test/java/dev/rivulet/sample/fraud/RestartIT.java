package dev.rivulet.sample.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.sample.fraud.generator.DetectionReport;
import dev.rivulet.sample.fraud.generator.GeneratorSettings;
import dev.rivulet.sample.fraud.generator.InjectedFraud;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.rules.RuleSettings;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The application stops mid-run and a new one (new context, new runtime) takes over on the same
 * state directory while the generator keeps sending: every injected fraud is still alerted exactly
 * once, and nothing else is.
 */
class RestartIT {
  private static final int INJECTIONS = 10;
  private static final FraudTopics TOPICS =
      new FraudTopics("restart-payments", "restart-card-events", "restart-alerts", 4);

  private final String servers = TestBrokers.prepare(BrokerKind.EMBEDDED, Map.of(
      TOPICS.payments(), 4, TOPICS.cardEvents(), 4, TOPICS.alerts(), 4));
  private final String stateDir = "target/it-state/restart-" + UUID.randomUUID();

  @Test
  void eachInjectedFraudIsAlertedExactlyOnceAcrossARestart() {
    GeneratorSettings settings = new GeneratorSettings(false, 11, 80, 240, Duration.ofHours(12),
        Duration.ofMinutes(20), Duration.ofMinutes(4), Duration.ofSeconds(5),
        Duration.ofMinutes(10), INJECTIONS, Duration.ofMinutes(45), Duration.ofMillis(50));
    KafkaTemplate<String, String> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
        new StringSerializer()));
    try (TrafficGenerator generator = new TrafficGenerator(settings, TOPICS,
            RuleSettings.defaults().travelModel(), template, System::currentTimeMillis);
        AlertReader reader = new AlertReader(servers, TOPICS.alerts())) {
      generator.start();

      try (ConfigurableApplicationContext first = start()) {
        await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= 3);
      }
      int beforeRestart = reader.poll().size();
      assertThat(beforeRestart).as("stopped mid-run").isLessThan(INJECTIONS);
      // let a fraud happen while nobody is watching: the next instance must catch up on it
      int injectedWhileUp = generator.groundTruth().injected().size();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> generator.groundTruth().injected().size() > injectedWhileUp + 1);

      try (ConfigurableApplicationContext second = start()) {
        await().atMost(Duration.ofSeconds(90)).until(() ->
            generator.groundTruth().injected().size() == INJECTIONS
                && generator.groundTruth().compare(reader.poll()).missed().isEmpty());
        List<InjectedFraud> injected = generator.groundTruth().injected();
        Settling.settle(second.getBean(Rivulet.class), 8,
            injected.get(INJECTIONS - 1).eventTime().plusSeconds(3600), Duration.ofSeconds(60));
        List<FraudAlert> alerts = reader.readToEnd();

        DetectionReport report = generator.groundTruth().compare(alerts);
        assertThat(report.missed()).isEmpty();
        assertThat(report.duplicates()).isEmpty();
        assertThat(report.unexpected()).isEmpty();
        assertThat(alerts).hasSize(INJECTIONS).hasSizeGreaterThan(beforeRestart);
      }
      template.flush();
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(FraudDetectionApplication.class).run(
        "--server.port=0",
        "--spring.application.name=fraud-restart-it",
        "--spring.kafka.bootstrap-servers=" + servers,
        "--rivulet.state-dir=" + stateDir,
        "--fraud.topics.payments=" + TOPICS.payments(),
        "--fraud.topics.card-events=" + TOPICS.cardEvents(),
        "--fraud.topics.alerts=" + TOPICS.alerts(),
        "--fraud.generator.enabled=false");
  }
}
