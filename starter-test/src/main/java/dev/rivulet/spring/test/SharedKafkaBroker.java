package dev.rivulet.spring.test;

import dev.rivulet.spring.devbroker.DevTopics;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker (KRaft, Kafka's own server code, via spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}) running in this JVM, shared by every test of the JVM that
 * asks for it (the embedded test broker; the dev broker of {@code rivulet.dev-broker.enabled} is a
 * {@link DevBroker} of its own).
 * Started on first use (about 1.5 s), with the broker settings a single node needs for
 * transactions, and never stopped: it lives as long as the JVM (a clean broker shutdown would
 * race with Kafka's own removal of its temporary data directory at exit, and application
 * contexts closing at exit may still commit to it). Data is gone after a restart. Not for
 * production. Thread-safe.
 */
public final class SharedKafkaBroker {

  /** The class that must be on the classpath (from {@code spring-kafka-test}). */
  public static final String BROKER_CLASS =
      "org.springframework.kafka.test.EmbeddedKafkaKraftBroker";

  private static final Logger log = LoggerFactory.getLogger(SharedKafkaBroker.class);
  private static @Nullable SharedKafkaBroker shared;

  private final EmbeddedKafkaKraftBroker broker;

  private SharedKafkaBroker(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  /** The JVM's broker, started on first call. */
  public static synchronized SharedKafkaBroker shared() {
    if (shared == null) {
      long start = System.nanoTime();
      EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
      broker.brokerProperties(Map.of(
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "offsets.topic.replication.factor", "1"));
      // by default it would set the system property spring.kafka.bootstrap-servers, which would
      // then look like the user's setting to every later application context in this JVM
      broker.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
      broker.afterPropertiesSet();
      shared = new SharedKafkaBroker(broker);
      log.info("Embedded Kafka broker (KRaft, single node) started at {} in {} ms",
          broker.getBrokersAsString(), (System.nanoTime() - start) / 1_000_000);
    }
    return shared;
  }

  /** The broker's {@code host:port}. */
  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  /**
   * Creates the topics that do not exist yet.
   *
   * @param topics partitions by topic name
   * @return the topics created
   */
  public List<String> createTopics(Map<String, Integer> topics) {
    return DevTopics.create(bootstrapServers(), topics);
  }
}
