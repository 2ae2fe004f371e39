package dev.rivulet.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.spring.autoconfigure.TestProcessors.CardVelocity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * How {@code rivulet.*} and {@code spring.kafka.*} properties become the runtime's configuration
 * ({@link RivuletAutoConfiguration}); no broker.
 */
class RivuletRuntimePropertiesTests {
  private static final ApplicationContextRunner runner = RivuletAutoConfigurationTests.runner;

  private static RivuletConfig config(Rivulet rivulet) {
    return RivuletAutoConfigurationTests.config(rivulet);
  }

  @Test
  void propertiesConfigureTheRuntime() {
    runner.withUserConfiguration(CardVelocity.class).withPropertyValues(
        "rivulet.application-id=fraud", "rivulet.threads=3", "rivulet.guarantee=at-least-once",
        "rivulet.commit-interval=250ms", "rivulet.state-dir=/var/lib/fraud",
        "rivulet.memory.block-cache=128MB", "rivulet.memory.write-buffer=16MB",
        "rivulet.startup-timeout=5s", "rivulet.create-topics=false",
        "rivulet.replication-factor=3", "rivulet.instance-id=fraud-1").run(context -> {
          RivuletConfig c = config(context.getBean(Rivulet.class));
          assertThat(c.applicationId()).isEqualTo("fraud");
          assertThat(c.threads()).isEqualTo(3);
          assertThat(c.guarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
          assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(250));
          assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/fraud"));
          assertThat(c.blockCacheBytes()).isEqualTo(128L << 20);
          assertThat(c.writeBufferBytes()).isEqualTo(16L << 20);
          assertThat(c.startupTimeout()).isEqualTo(Duration.ofSeconds(5));
          assertThat(c.createTopics()).isFalse();
          assertThat(c.replicationFactor()).isEqualTo((short) 3);
          assertThat(c.instanceId()).isEqualTo("fraud-1");
        });
  }

  @Test
  void defaultsMatchTheFramework() {
    runner.withUserConfiguration(CardVelocity.class).run(context -> {
      RivuletConfig c = config(context.getBean(Rivulet.class));
      assertThat(c.threads()).isEqualTo(1);
      assertThat(c.guarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
      assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(100));
      assertThat(c.stateDir().endsWith(Path.of("rivulet", "payments-app"))).isTrue();
      assertThat(c.createTopics()).isTrue();
      assertThat(c.instanceId()).as("dynamic membership by default").isNull();
      assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
      assertThat(c.blockCacheBytes()).isEqualTo(RivuletBuilder.DEFAULT_BLOCK_CACHE_BYTES);
      assertThat(c.writeBufferBytes()).isEqualTo(RivuletBuilder.DEFAULT_WRITE_BUFFER_BYTES);
    });
  }

  @Test
  void springKafkaConnectionAndSecurityAreUsed() {
    runner.withUserConfiguration(CardVelocity.class).withPropertyValues(
        "spring.kafka.bootstrap-servers=k1:9093,k2:9093", "spring.kafka.client-id=shared",
        "spring.kafka.security.protocol=SASL_SSL",
        "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
        "spring.kafka.ssl.trust-store-type=PKCS12",
        "rivulet.kafka-properties.max.poll.records=200",
        "rivulet.kafka-properties.sasl.mechanism=PLAIN").run(context -> {
          RivuletConfig c = config(context.getBean(Rivulet.class));
          assertThat(c.bootstrapServers()).isEqualTo("k1:9093,k2:9093");
          assertThat(c.kafkaProperties())
              .containsEntry("security.protocol", "SASL_SSL")
              .containsEntry("ssl.truststore.type", "PKCS12")
              .containsEntry("sasl.mechanism", "PLAIN")
              .containsEntry("max.poll.records", "200")
              .doesNotContainKeys("client.id", "bootstrap.servers");
        });
  }

  @Test
  void springKafkaConsumerAndProducerSettingsCarryOverBelowRivuletsOwn() {
    runner.withUserConfiguration(CardVelocity.class).withPropertyValues(
        "spring.kafka.consumer.max-poll-records=50",
        "spring.kafka.consumer.fetch-min-size=2KB",
        "spring.kafka.consumer.properties.max.partition.fetch.bytes=65536",
        "spring.kafka.producer.compression-type=zstd",
        "spring.kafka.producer.batch-size=32KB",
        "rivulet.kafka-properties.max.poll.records=70").run(context -> {
          RivuletConfig c = config(context.getBean(Rivulet.class));
          assertThat(c.consumerProperties())
              .containsEntry("fetch.min.bytes", 2048)
              .containsEntry("max.partition.fetch.bytes", "65536")
              .doesNotContainKeys("max.poll.records", "key.deserializer", "value.deserializer",
                  "bootstrap.servers", "compression.type");
          assertThat(c.kafkaProperties()).containsEntry("max.poll.records", "70");
          assertThat(c.producerProperties())
              .containsEntry("compression.type", "zstd")
              .containsEntry("batch.size", 32768)
              .doesNotContainKeys("key.serializer", "fetch.min.bytes");
        });
  }

  @Test
  void applicationIdIsRequired() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RivuletAutoConfiguration.class))
        .withUserConfiguration(CardVelocity.class)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("set rivulet.application-id or spring.application.name"));
  }
}
