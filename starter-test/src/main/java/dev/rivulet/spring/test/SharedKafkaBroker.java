package dev.rivulet.spring.test;

import dev.rivulet.broker.KraftBroker;
import dev.rivulet.spring.devbroker.DevTopics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * A real single-node Kafka broker (KRaft, Kafka's own server code, via {@link KraftBroker} of
 * {@code rivulet-embedded-broker}) running in this JVM, shared by every test of the JVM that
 * asks for it (the embedded test broker; the dev broker of {@code rivulet.dev-broker.enabled} is a
 * {@code DevBroker} of its own).
 * Started on first use (about 1.5 s), with the broker settings a single node needs for
 * transactions, and never stopped: it lives as long as the JVM (application contexts closing at
 * exit may still commit to it); its data directory is removed at JVM exit. Data is gone after a
 * restart. Not for production. Thread-safe.
 */
public final class SharedKafkaBroker {

  /** The class that must be on the classpath (from {@code rivulet-embedded-broker}). */
  public static final String BROKER_CLASS = "dev.rivulet.broker.KraftBroker";

  private static final Logger log = LoggerFactory.getLogger(SharedKafkaBroker.class);
  private static @Nullable SharedKafkaBroker shared;

  private final KraftBroker broker;

  private SharedKafkaBroker(KraftBroker broker) {
    this.broker = broker;
  }

  /** The JVM's broker, started on first call. */
  public static synchronized SharedKafkaBroker shared() {
    if (shared == null) {
      long start = System.nanoTime();
      KraftBroker broker = KraftBroker.start(Map.of());
      // stopped before its data directory goes: a running broker whose log directory vanishes
      // halts the JVM with a non-zero status (a test fork then "fails to start" after passing)
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          broker.close();
        } catch (RuntimeException e) {
          // stopping anyway
        }
        try {
          FileSystemUtils.deleteRecursively(broker.dataDirectory());
        } catch (IOException e) {
          // a temporary directory: the next run does not read it
        }
      }, "rivulet-test-broker-cleanup"));
      shared = new SharedKafkaBroker(broker);
      log.info("Embedded Kafka broker (KRaft, single node) started at {} in {} ms",
          broker.bootstrapServers(), (System.nanoTime() - start) / 1_000_000);
    }
    return shared;
  }

  /** The broker's {@code host:port}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
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
