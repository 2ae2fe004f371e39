package dev.rivulet.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One KRaft node (combined broker + controller) of a {@link BrokerCluster}, in its own JVM, run
 * from Kafka's own server artifacts ({@code kafka.Kafka}) on a data directory formatted once with
 * {@code kafka.tools.StorageTool}. Fixed ports, so clients reconnect after {@link #kill()} and
 * {@link #start()} on the same data.
 */
final class BrokerProcess implements AutoCloseable {
  private static final Random PORTS = new Random();
  private static final Set<Integer> USED = new HashSet<>();

  private final int nodeId;
  private final Path dir;
  private final Path logDir;
  private final Ports ports;
  private ForkedJvm jvm;
  private int starts;

  /**
   * The ports of a node: its client listener, its controller listener, and per worker slot its
   * own listener and the address it advertises there (that slot's proxy to this node).
   */
  record Ports(int client, int controller, int[] worker, int[] proxy) {}

  BrokerProcess(int nodeId, Path dir, Path logDir, Ports ports) {
    this.nodeId = nodeId;
    this.dir = dir;
    this.logDir = logDir;
    this.ports = ports;
  }

  int nodeId() {
    return nodeId;
  }

  Ports ports() {
    return ports;
  }

  private Path properties() {
    return dir.resolve("server.properties");
  }

  /** Writes the configuration and formats the storage for {@code clusterId}. */
  void format(String clusterId, String voters, int clusterSize) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(properties(), serverProperties(voters, clusterSize));
    ForkedJvm format = ForkedJvm.start("broker-" + nodeId + "-format", logDir,
        List.of("-Xmx256m"), "kafka.tools.StorageTool", List.of("format", "-t", clusterId, "-c",
            properties().toString()));
    if (!format.waitFor(Duration.ofSeconds(60)) || !format.lines().stream()
        .anyMatch(l -> l.startsWith("Formatting"))) {
      format.close();
      throw new IllegalStateException("Formatting the KRaft storage of node " + nodeId
          + " failed:\n" + String.join("\n", format.lines()));
    }
  }

  /**
   * The node's configuration. Each worker slot {@code i} has a listener {@code Wi} of its own; a
   * client that bootstraps through it is told the {@code Wi} address of every node, which is the
   * slot's proxy to that node: so all of that worker's traffic, metadata-directed connections
   * included, passes its proxies, while the driver and checker use {@code PLAINTEXT} directly.
   * With three nodes or more every topic, internal ones included, has three replicas and needs
   * two in sync to take a write.
   */
  private String serverProperties(String voters, int clusterSize) {
    StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + ports.client()
        + ",CONTROLLER://127.0.0.1:" + ports.controller());
    StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + ports.client());
    StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    for (int i = 0; i < ports.worker().length; i++) {
      listeners.append(",W").append(i).append("://127.0.0.1:").append(ports.worker()[i]);
      advertised.append(",W").append(i).append("://127.0.0.1:").append(ports.proxy()[i]);
      protocols.append(",W").append(i).append(":PLAINTEXT");
    }
    int replicas = Math.min(3, clusterSize);
    int minIsr = replicas >= 3 ? 2 : 1;
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=" + nodeId,
        "controller.quorum.voters=" + voters,
        "listeners=" + listeners,
        "advertised.listeners=" + advertised,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=" + protocols,
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "default.replication.factor=" + replicas,
        "min.insync.replicas=" + minIsr,
        "offsets.topic.replication.factor=" + replicas,
        "offsets.topic.num.partitions=6",
        "transaction.state.log.replication.factor=" + replicas,
        "transaction.state.log.min.isr=" + minIsr,
        "transaction.state.log.num.partitions=6",
        "group.initial.rebalance.delay.ms=0",
        // a restarted node is unfenced quickly
        "broker.session.timeout.ms=3000",
        "broker.heartbeat.interval.ms=500",
        // a follower that stops fetching leaves the ISR soon (the default is 30 s)
        "replica.lag.time.max.ms=6000",
        // time out abandoned transactions promptly (the producers use a short timeout)
        "transaction.abort.timed.out.transaction.cleanup.interval.ms=500",
        "log.cleaner.enable=true",
        "log.cleaner.backoff.ms=1000",
        "auto.create.topics.enable=false",
        "") + "\n";
  }

  int starts() {
    return starts;
  }

  /** Starts the node's JVM on its existing data (not waiting for it). */
  void start() {
    starts++;
    jvm = ForkedJvm.start("broker-" + nodeId + "-" + starts, logDir,
        List.of("-Xmx768m", "-XX:+UseG1GC"), "kafka.Kafka", List.of(properties().toString()));
  }

  boolean isAlive() {
    return jvm != null && jvm.isAlive();
  }

  /** What the node printed, for a failed start. */
  String output() {
    return jvm == null ? "" : String.join("\n", jvm.lines());
  }

  /** The log file of each start of this node so far. */
  List<Path> logs() {
    return IntStream.rangeClosed(1, starts)
        .mapToObj(i -> logDir.resolve("broker-" + nodeId + "-" + i + ".log")).toList();
  }

  /** SIGKILL: no controlled shutdown, logs recovered on the next start. */
  void kill() throws InterruptedException {
    if (jvm != null) {
      jvm.kill();
    }
  }

  /** SIGTERM: a controlled shutdown (leaders moved first); SIGKILL after a minute. */
  boolean stop() throws InterruptedException {
    return jvm == null || jvm.terminate(Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    if (jvm != null) {
      jvm.close();
    }
  }

  /**
   * A port nothing listens on, below the ephemeral range (so no outgoing connection takes it
   * between now and the bind: that happened with ports the OS picked) and never handed out twice
   * in this JVM.
   */
  static synchronized int freePort() throws IOException {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = 20_000 + PORTS.nextInt(12_000);
      if (!USED.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("No free port found in 20000..31999");
  }
}
