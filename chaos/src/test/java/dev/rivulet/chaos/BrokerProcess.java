package dev.rivulet.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (combined broker + controller) in its own JVM, run from Kafka's own
 * server artifacts ({@code kafka.Kafka}) on a data directory formatted once with
 * {@code kafka.tools.StorageTool}. Fixed ports, so clients reconnect after {@link #kill()} and
 * {@link #start()} on the same data.
 */
final class BrokerProcess implements AutoCloseable {
  private final Path dir;
  private final Path logDir;
  private final int port;
  private final int controllerPort;
  private final int[] workerPorts;
  private final int[] proxyPorts;
  private ForkedJvm jvm;
  private int starts;

  private BrokerProcess(Path dir, Path logDir, int port, int controllerPort, int workers)
      throws IOException {
    this.dir = dir;
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.workerPorts = new int[workers];
    this.proxyPorts = new int[workers];
    for (int i = 0; i < workers; i++) {
      workerPorts[i] = freePort();
      proxyPorts[i] = freePort();
    }
  }

  /**
   * Formats a fresh data directory and starts the broker, with a listener of its own for each
   * of {@code workers} worker slots, advertised at the address of that slot's {@link NetProxy}.
   */
  static BrokerProcess format(Path dir, Path logDir, int workers) throws Exception {
    BrokerProcess broker = new BrokerProcess(dir, logDir, freePort(), freePort(), workers);
    Files.createDirectories(dir);
    Files.writeString(broker.properties(), broker.serverProperties());
    ForkedJvm format = ForkedJvm.start("broker-format", logDir, List.of("-Xmx256m"),
        "kafka.tools.StorageTool", List.of("format", "-t", randomClusterId(), "-c",
            broker.properties().toString()));
    if (!format.waitFor(Duration.ofSeconds(60)) || !format.lines().stream()
        .anyMatch(l -> l.startsWith("Formatting"))) {
      format.close();
      throw new IllegalStateException("Formatting the KRaft storage failed:\n"
          + String.join("\n", format.lines()));
    }
    broker.start();
    return broker;
  }

  private static String randomClusterId() {
    // Kafka's own: a base64 UUID that never starts with '-' (a plain base64 UUID does once in
    // 64 formats, and StorageTool then reads it as an option: "--cluster-id expected one argument")
    return Uuid.randomUuid().toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path properties() {
    return dir.resolve("server.properties");
  }

  /**
   * The broker's configuration. Each worker slot {@code i} has a listener {@code Wi} of its own;
   * a client that bootstraps through it is told the {@code Wi} address of every broker, which is
   * the slot's proxy: so all of that worker's traffic, metadata-directed connections included,
   * passes its proxy, and the driver and checker use {@code PLAINTEXT} directly.
   */
  private String serverProperties() {
    StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port
        + ",CONTROLLER://127.0.0.1:" + controllerPort);
    StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
    StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    for (int i = 0; i < workerPorts.length; i++) {
      listeners.append(",W").append(i).append("://127.0.0.1:").append(workerPorts[i]);
      advertised.append(",W").append(i).append("://127.0.0.1:").append(proxyPorts[i]);
      protocols.append(",W").append(i).append(":PLAINTEXT");
    }
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=" + listeners,
        "advertised.listeners=" + advertised,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=" + protocols,
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=6",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=6",
        "group.initial.rebalance.delay.ms=0",
        // a restarted broker is unfenced quickly
        "broker.session.timeout.ms=3000",
        "broker.heartbeat.interval.ms=500",
        // time out abandoned transactions promptly (the producers use a short timeout)
        "transaction.abort.timed.out.transaction.cleanup.interval.ms=500",
        "log.cleaner.enable=true",
        "log.cleaner.backoff.ms=1000",
        "auto.create.topics.enable=false",
        "") + "\n";
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** The broker's own listener for worker slot {@code slot} (the proxy forwards to it). */
  int workerListenerPort(int slot) {
    return workerPorts[slot];
  }

  /** Where the broker tells worker slot {@code slot} to connect: its proxy. */
  int proxyPort(int slot) {
    return proxyPorts[slot];
  }

  int starts() {
    return starts;
  }

  /** Starts the broker JVM on the existing data and waits until it serves requests. */
  void start() throws InterruptedException {
    starts++;
    jvm = ForkedJvm.start("broker-" + starts, logDir, List.of("-Xmx768m", "-XX:+UseG1GC"),
        "kafka.Kafka", List.of(properties().toString()));
    awaitReady(Duration.ofSeconds(90));
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!jvm.isAlive()) {
        throw new IllegalStateException("Broker died on start:\n" + String.join("\n", jvm.lines()));
      }
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Broker not ready within " + timeout);
  }

  /**
   * Rebalances of a consumer group as the group coordinator logged them: the distinct
   * generations it stabilized, over every start of the broker.
   */
  int generations(String group) {
    java.util.Set<String> generations = new java.util.HashSet<>();
    java.util.regex.Pattern stabilized = java.util.regex.Pattern.compile(
        "Stabilized group " + java.util.regex.Pattern.quote(group) + " generation (\\d+)");
    for (int i = 1; i <= starts; i++) {
      Path log = logDir.resolve("broker-" + i + ".log");
      try (var lines = Files.lines(log)) {
        lines.forEach(l -> {
          java.util.regex.Matcher m = stabilized.matcher(l);
          if (m.find()) {
            generations.add(m.group(1));
          }
        });
      } catch (IOException | UncheckedIOException e) {
        // a log that cannot be read counts nothing
      }
    }
    return generations.size();
  }

  /** SIGKILL: no controlled shutdown, logs recovered on the next start. */
  void kill() throws InterruptedException {
    jvm.kill();
  }

  Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  @Override
  public void close() {
    if (jvm != null) {
      jvm.close();
    }
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
