package dev.rivulet.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka cluster of a run: one or three KRaft nodes, each a combined broker and controller in
 * its own JVM ({@link BrokerProcess}), node ids 1..n, every node a voter of the metadata quorum.
 * With three nodes every topic has three replicas and {@code min.insync.replicas=2}, so any one
 * node can die while the others take writes.
 */
final class BrokerCluster implements AutoCloseable {
  private final List<BrokerProcess> nodes;

  private BrokerCluster(List<BrokerProcess> nodes) {
    this.nodes = nodes;
  }

  /**
   * Formats {@code size} fresh nodes under {@code dir} and starts them, each with a listener per
   * worker slot ({@code workerSlots}) advertised at that slot's proxy to the node.
   */
  static BrokerCluster format(Path dir, Path logDir, int size, int workerSlots) throws Exception {
    List<BrokerProcess> nodes = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      int[] worker = new int[workerSlots];
      int[] proxy = new int[workerSlots];
      for (int s = 0; s < workerSlots; s++) {
        worker[s] = BrokerProcess.freePort();
        proxy[s] = BrokerProcess.freePort();
      }
      nodes.add(new BrokerProcess(id, dir.resolve("node-" + id), logDir, new BrokerProcess.Ports(
          BrokerProcess.freePort(), BrokerProcess.freePort(), worker, proxy)));
    }
    String voters = nodes.stream().map(n -> n.nodeId() + "@127.0.0.1:" + n.ports().controller())
        .collect(Collectors.joining(","));
    // Kafka's own id: a base64 UUID that never starts with '-' (a plain base64 UUID does once in
    // 64 formats, and StorageTool then reads it as an option: "--cluster-id expected one argument")
    String clusterId = Uuid.randomUuid().toString();
    for (BrokerProcess n : nodes) {
      n.format(clusterId, voters, size);
    }
    BrokerCluster cluster = new BrokerCluster(nodes);
    nodes.forEach(BrokerProcess::start); // together: the quorum needs a majority to elect
    cluster.awaitReady(Duration.ofSeconds(120));
    return cluster;
  }

  int size() {
    return nodes.size();
  }

  /** Node ids, 1..n. */
  List<Integer> nodeIds() {
    return nodes.stream().map(BrokerProcess::nodeId).toList();
  }

  BrokerProcess node(int id) {
    return nodes.get(id - 1);
  }

  /** Every node's client listener (the driver, the checker and admin use these). */
  String bootstrap() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.ports().client())
        .collect(Collectors.joining(","));
  }

  /** SIGKILL of one node. */
  void kill(int id) throws InterruptedException {
    node(id).kill();
  }

  /**
   * Starts a stopped node on its data and waits until it answers on its own listener and the
   * cluster lists every node.
   */
  void start(int id) throws InterruptedException {
    node(id).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline && node(id).isAlive()) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          "127.0.0.1:" + node(id).ports().client(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
          5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        break;
      } catch (Exception e) {
        Thread.sleep(200); // not up yet
      }
    }
    awaitReady(Duration.ofSeconds(90));
  }

  /** Waits until every node runs and the cluster lists all of them as brokers. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (BrokerProcess n : nodes) {
        if (!n.isAlive()) {
          throw new IllegalStateException("Broker " + n.nodeId() + " died on start:\n"
              + n.output());
        }
      }
      try (Admin admin = admin()) {
        if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == nodes.size()) {
          return;
        }
      } catch (Exception e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Cluster of " + nodes.size() + " not ready within "
        + timeout);
  }

  /**
   * Rebalances of a consumer group as its group coordinators logged them: the distinct
   * generations stabilized, over every start of every node (the coordinator moves with the
   * leader of the group's offsets partition).
   */
  int generations(String group) {
    Set<String> generations = new HashSet<>();
    Pattern stabilized = Pattern.compile("Stabilized group " + Pattern.quote(group)
        + " generation (\\d+)");
    for (BrokerProcess n : nodes) {
      for (Path log : n.logs()) {
        try (var lines = Files.lines(log)) {
          lines.forEach(l -> {
            Matcher m = stabilized.matcher(l);
            if (m.find()) {
              generations.add(m.group(1));
            }
          });
        } catch (IOException | UncheckedIOException e) {
          // a log that cannot be read counts nothing
        }
      }
    }
    return generations.size();
  }

  Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  @Override
  public void close() {
    nodes.forEach(BrokerProcess::close);
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> {
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
