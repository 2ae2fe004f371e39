package dev.rivulet.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.jspecify.annotations.Nullable;

/**
 * A real single-node Kafka broker (KRaft, controller and broker combined in one node) running in
 * this JVM: Kafka's own server ({@code kafka.server.KafkaRaftServer} of {@code kafka_2.13}, what
 * {@code kafka.Kafka} runs) on storage formatted as {@code kafka-storage format} does. It listens
 * on free ports of {@code localhost} and keeps its data in a fresh temporary directory, removed
 * by {@link #close()}; nothing else removes it (no JVM exit hook), so an owner that never closes
 * the broker leaves the directory behind unless it removes {@link #dataDirectory()} itself.
 *
 * <p>Every broker has the settings one node needs for transactions and quick group joins
 * ({@link #SINGLE_NODE}); {@link #start(Map)} adds or overrides others. Its listeners are
 * {@code PLAINTEXT} (clients and the inter-broker listener) and {@code CONTROLLER}; a caller may
 * name others through {@code listeners} and {@code listener.security.protocol.map}, and every
 * listener on port 0 gets a free port before the start. As in Kafka, a fatal broker fault (its
 * log directory removed under it, for one) halts the JVM. Not for production. Thread-safe.
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

  /** The node itself, under {@link #SINGLE_NODE} and the caller's settings. */
  private static final Map<String, String> NODE = Map.of(
      "process.roles", "broker,controller",
      "node.id", "1",
      "listeners", "PLAINTEXT://localhost:0,CONTROLLER://localhost:0",
      "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "inter.broker.listener.name", "PLAINTEXT",
      "controller.listener.names", "CONTROLLER",
      // the log cleaner's buffer: 2 MB as in Kafka's test kit, not 128 MB of heap per broker
      "log.cleaner.dedupe.buffer.size", "2097152");

  /** Starts lost to another process taking a chosen port before the broker bound it. */
  private static final int ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final Map<String, String> listeners;
  private final String interBrokerListener;
  private final Path dataDirectory;
  private boolean closed;

  private KraftBroker(KafkaRaftServer server, Map<String, String> listeners,
      String interBrokerListener, Path dataDirectory) {
    this.server = server;
    this.listeners = listeners;
    this.interBrokerListener = interBrokerListener;
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
    Map<String, String> settings = new HashMap<>(NODE);
    settings.putAll(SINGLE_NODE);
    settings.putAll(config);
    Path dataDirectory;
    try {
      dataDirectory = Files.createTempDirectory("rivulet-kraft-");
    } catch (IOException e) {
      throw new IllegalStateException("No data directory for the in-process Kafka broker: " + e, e);
    }
    String controller = settings.get("controller.listener.names").split(",")[0].trim();
    for (int attempt = 1; ; attempt++) {
      KafkaRaftServer server = null;
      boolean started = false;
      boolean retry = false;
      try {
        Map<String, String> listeners = withFreePorts(settings.get("listeners"));
        format(settings, controller, dataDirectory);
        server = new KafkaRaftServer(kafkaConfig(settings, listeners, controller, dataDirectory),
            Time.SYSTEM);
        server.startup(); // returns once the broker is unfenced and serves
        started = true;
        return new KraftBroker(server, listeners, settings.get("inter.broker.listener.name"),
            dataDirectory);
      } catch (Exception e) {
        retry = attempt < ATTEMPTS && isBindFailure(e);
        if (!retry) {
          throw new IllegalStateException("The in-process Kafka broker could not start: " + e, e);
        }
      } finally {
        if (!started) { // also after an Error, such as a class missing from Kafka's artifacts
          stopQuietly(server);
          if (!retry) {
            deleteQuietly(dataDirectory);
          }
        }
      }
    }
  }

  /** The broker's {@code host:port} for clients: its inter-broker listener's, PLAINTEXT. */
  public String bootstrapServers() {
    return bootstrapServers(interBrokerListener);
  }

  /**
   * The {@code host:port} of one of the broker's listeners, such as one a caller added through
   * {@code listeners}.
   *
   * @throws IllegalArgumentException if the broker has no such listener
   */
  public String bootstrapServers(String listener) {
    String address = listeners.get(listener.toUpperCase(Locale.ROOT));
    if (address == null) {
      throw new IllegalArgumentException("No listener " + listener + "; the broker has "
          + listeners.keySet());
    }
    return address;
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
      server.shutdown();
      server.awaitShutdown();
    } catch (Exception e) {
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

  /**
   * The listeners of a {@code listeners} setting by name, as {@code host:port}, each on port 0
   * given a free port. The ports are only probed free, not held: the start retries on a lost one.
   */
  static Map<String, String> withFreePorts(String listeners) throws IOException {
    Map<String, String> addresses = new LinkedHashMap<>();
    List<ServerSocket> probes = new ArrayList<>();
    try {
      for (String listener : listeners.split(",")) {
        String[] nameAndAddress = listener.trim().split("://", 2);
        int colon = nameAndAddress[1].lastIndexOf(':');
        String host = nameAndAddress[1].substring(0, colon);
        int port = Integer.parseInt(nameAndAddress[1].substring(colon + 1));
        if (port == 0) { // held open until every port is chosen, so that no two are the same
          ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host));
          probes.add(probe);
          port = probe.getLocalPort();
        }
        addresses.put(nameAndAddress[0].toUpperCase(Locale.ROOT), host + ":" + port);
      }
    } finally {
      for (ServerSocket probe : probes) {
        probe.close();
      }
    }
    return addresses;
  }

  private static KafkaConfig kafkaConfig(Map<String, String> settings,
      Map<String, String> listeners, String controller, Path dataDirectory) {
    Map<String, String> props = new HashMap<>(settings);
    List<String> bound = new ArrayList<>();
    listeners.forEach((name, address) -> bound.add(name + "://" + address));
    props.put("listeners", String.join(",", bound));
    props.put("controller.quorum.voters",
        settings.get("node.id") + "@" + listeners.get(controller.toUpperCase(Locale.ROOT)));
    String logs = logs(dataDirectory);
    props.put("log.dirs", logs);
    props.put("metadata.log.dir", logs);
    return new KafkaConfig(props, false);
  }

  private static String logs(Path dataDirectory) {
    return dataDirectory.resolve("logs").toString();
  }

  /** Formats the node's storage for a new cluster, as {@code kafka-storage format} does. */
  private static void format(Map<String, String> settings, String controller, Path dataDirectory)
      throws Exception {
    String logs = logs(dataDirectory);
    delete(Path.of(logs)); // what an attempt lost to a taken port left
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(Integer.parseInt(settings.get("node.id")))
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logs))
        .setMetadataLogDirectory(logs)
        .setControllerListenerName(controller)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .run();
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
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
  private static void stopQuietly(@Nullable KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException ignored) {
      // reported as part of the failed start
    }
  }

  private static void deleteQuietly(Path dataDirectory) {
    try {
      delete(dataDirectory);
    } catch (UncheckedIOException ignored) {
      // a temporary directory: nothing reads it again
    }
  }
}
