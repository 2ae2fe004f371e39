package dev.rivulet.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** {@link KafkaClientSettings} carries secrets but never prints them; no broker. */
class KafkaClientSettingsTests {

  @Test
  void toStringNamesThePropertiesButPrintsNoValue() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.getProperties().put("sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" "
            + "password=\"jaas-secret\";");
    kafka.getSsl().setTrustStorePassword("trust-secret");
    kafka.getConsumer().getSsl().setKeyStorePassword("consumer-secret");
    KafkaClientSettings settings = KafkaClientSettings.of(kafka, null, Map.of());

    assertThat(settings.properties().get("sasl.jaas.config").toString()).contains("jaas-secret");
    assertThat(settings.consumerProperties()).containsEntry("ssl.keystore.password",
        "consumer-secret");
    assertThat(settings.toString())
        .contains("sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password")
        .doesNotContain("jaas-secret", "trust-secret", "consumer-secret");
  }
}
