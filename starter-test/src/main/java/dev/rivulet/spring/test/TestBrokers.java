package dev.rivulet.spring.test;

import dev.rivulet.spring.devbroker.DevTopics;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.ClassUtils;

/**
 * The JVM's test brokers, started on first use and shared by all test classes: the embedded
 * {@link SharedKafkaBroker}, or one Testcontainers Kafka container. Thread-safe.
 */
public final class TestBrokers {

  /** System property (or environment variable {@code RIVULET_TEST_BROKER}) choosing the broker
   * of {@link BrokerKind#DEFAULT}: {@code embedded} or {@code testcontainers}. */
  public static final String KIND_PROPERTY = "rivulet.test.broker";

  private TestBrokers() {}

  /** The broker kind {@code requested} stands for: never {@link BrokerKind#DEFAULT}. */
  public static BrokerKind resolve(BrokerKind requested) {
    if (requested != BrokerKind.DEFAULT) {
      return requested;
    }
    String configured = Optional.ofNullable(System.getProperty(KIND_PROPERTY))
        .orElse(System.getenv("RIVULET_TEST_BROKER"));
    return configured != null && configured.trim().toLowerCase(Locale.ROOT).equals("testcontainers")
        ? BrokerKind.TESTCONTAINERS : BrokerKind.EMBEDDED;
  }

  /**
   * Why a broker of this kind cannot run here, if it cannot: a missing library or no Docker.
   *
   * @param kind a resolved kind
   */
  public static Optional<String> unavailableReason(BrokerKind kind) {
    ClassLoader loader = TestBrokers.class.getClassLoader();
    if (kind == BrokerKind.TESTCONTAINERS) {
      if (!ClassUtils.isPresent(TestcontainersBroker.CONTAINER_CLASS, loader)) {
        return Optional.of("a Testcontainers broker needs org.testcontainers:testcontainers-kafka "
            + "on the test classpath");
      }
      return TestcontainersBroker.dockerAvailable() ? Optional.empty()
          : Optional.of("a Testcontainers broker needs a Docker engine, and none is available");
    }
    return ClassUtils.isPresent(SharedKafkaBroker.BROKER_CLASS, loader) ? Optional.empty()
        : Optional.of("the embedded broker needs dev.rivulet:rivulet-embedded-broker on "
            + "the test classpath");
  }

  /**
   * The bootstrap servers of the JVM's broker of this kind, starting it if needed.
   *
   * @param kind a resolved kind
   */
  public static String bootstrapServers(BrokerKind kind) {
    return kind == BrokerKind.TESTCONTAINERS ? TestcontainersBroker.bootstrapServers()
        : SharedKafkaBroker.shared().bootstrapServers();
  }

  /**
   * Starts the broker of this kind if needed and creates the topics that do not exist yet.
   *
   * @param kind a resolved kind
   * @param topics partitions by topic name
   * @return the bootstrap servers
   */
  public static String prepare(BrokerKind kind, Map<String, Integer> topics) {
    String servers = bootstrapServers(kind);
    DevTopics.create(servers, topics);
    return servers;
  }
}
