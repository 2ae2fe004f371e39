package dev.rivulet.spring.test;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka container per JVM (Testcontainers), removed by Testcontainers when the JVM exits.
 * The image is {@value #DEFAULT_IMAGE} unless the system property {@value #IMAGE_PROPERTY}
 * names another. Only loaded when Testcontainers is on the classpath.
 */
final class TestcontainersBroker {

  static final String CONTAINER_CLASS = "org.testcontainers.kafka.KafkaContainer";
  static final String IMAGE_PROPERTY = "rivulet.test.broker.image";
  static final String DEFAULT_IMAGE = "apache/kafka:4.4.0";

  private static @Nullable KafkaContainer container;

  private TestcontainersBroker() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static synchronized String bootstrapServers() {
    if (container == null) {
      KafkaContainer kafka = new KafkaContainer(
          DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE)))
          .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
          .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
          .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
      kafka.start();
      container = kafka;
    }
    return container.getBootstrapServers();
  }
}
