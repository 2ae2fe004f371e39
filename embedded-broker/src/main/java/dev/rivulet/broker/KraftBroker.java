package dev.rivulet.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.jspecify.annotations.Nullable;

/**
 * A real single-node Kafka broker (KRaft, controller and broker combined in one node) running in
 * this JVM: Kafka's own server code, started through Kafka's test kit
 * ({@link KafkaClusterTestKit}, artifact {@code kafka-test-common-runtime}). It listens on a free
 * PLAINTEXT port of {@code localhost} and keeps its data in a fresh temporary directory, removed
 * by {@link #close()}; nothing else removes it (no JVM exit hook), so an owner that never closes
 * the broker leaves the directory behind unless it removes {@link #dataDirectory()} itself.
 *
 * <p>Every broker has the settings one node needs for transactions and quick group joins
 * ({@link #SINGLE_NODE}); {@link #start(Map)} adds or overrides others. Not for production.
 * Thread-safe.
 */
public final class KraftBroker implements AutoCloseable {

  /**
   * What one node needs: replication factor 1 (and min ISR 1) for the transaction and offsets
   * topics, no initial rebalance delay.
   */
  public static final Map<String, String> SINGLE_NODE = Map.of(
      "transaction.state.log.replication.factor", "1",
      "transaction.state.log.min.isr", "1",
      "offsets.topic.replication.factor", "1",
      "group.initial.rebalance.delay.ms", "0");

  private final KafkaClusterTestKit cluster;
  private final Path dataDirectory;
  private boolean closed;

  private KraftBroker(KafkaClusterTestKit cluster, Path dataDirectory) {
    this.cluster = cluster;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a broker and returns once it serves (about 1.5 s). Blocks the calling thread.
   *
   * @param config broker settings added to (or overriding) {@link #SINGLE_NODE}, such as
   *     {@code log.cleaner.enable}
   * @throws IllegalStateException if the broker cannot start; nothing is left running then
   */
  public static KraftBroker start(Map<String, String> config) {
    Map<String, String> settings = new HashMap<>(SINGLE_NODE);
    settings.putAll(config);
    Path dataDirectory;
    try {
      dataDirectory = Files.createTempDirectory("rivulet-kraft-");
    } catch (IOException e) {
      throw new IllegalStateException("No data directory for the in-process Kafka broker: " + e, e);
    }
    KafkaClusterTestKit cluster = null;
    boolean started = false;
    try {
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
          .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
          .setBaseDirectory(dataDirectory).build());
      settings.forEach(builder::setConfigProp);
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      started = true;
      return new KraftBroker(cluster, dataDirectory);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("The in-process Kafka broker could not start: " + e, e);
    } finally {
      if (!started) { // also after an Error, such as a class missing from Kafka's test kit
        stopQuietly(cluster, dataDirectory);
      }
    }
  }

  /** The broker's {@code host:port} for clients. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** The broker's data (metadata log and topic logs), removed by {@link #close()}. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * Stops the broker (blocks until it stopped) and removes its data directory; idempotent.
   *
   * @throws IllegalStateException if the broker or its data could not be removed cleanly
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Exception failure = null;
    try {
      cluster.close(); // also removes the data directory
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = e;
    }
    try {
      delete(dataDirectory);
    } catch (UncheckedIOException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw new IllegalStateException(
          "The in-process Kafka broker did not stop cleanly: " + failure, failure);
    }
  }

  /** Removes a directory tree; a missing one is fine. */
  static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Best-effort cleanup after a failed start: the start's own failure is what matters. */
  private static void stopQuietly(@Nullable KafkaClusterTestKit cluster, Path dataDirectory) {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (Exception ignored) {
      // reported as part of the failed start
    }
    try {
      delete(dataDirectory);
    } catch (UncheckedIOException ignored) {
      // a temporary directory: nothing reads it again
    }
  }
}
