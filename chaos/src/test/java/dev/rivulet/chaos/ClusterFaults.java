package dev.rivulet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The nemesis's faults of a replicated cluster: a SIGKILL of the node that leads what the workers
 * need at that moment (an input partition, a changelog partition, the coordinator of an open
 * transaction of the app, the app's group coordinator, the metadata quorum's leader) and a
 * rolling restart of every node under load. Before each fault the cluster is whole again (every
 * replica in sync, waited for up to a minute), as an operator would wait; a fault that finds no
 * target (say, no transaction open) kills a random node and says so.
 */
final class ClusterFaults {
  private static final Duration IN_SYNC_WAIT = Duration.ofSeconds(60);

  private final BrokerCluster cluster;
  private final Targets targets;
  private final Random random;

  /** What the faults aim at: the input topics, the changelogs, the app (group, txn ids). */
  record Targets(List<String> inputs, List<String> changelogs, String app) {}

  ClusterFaults(BrokerCluster cluster, Targets targets, Random random) {
    this.cluster = cluster;
    this.targets = targets;
    this.random = random;
  }

  /** Carries out {@code kind}; returns the node(s) hit and the detail to report. */
  String run(FaultKind kind) throws Exception {
    String wait = awaitInSync();
    return switch (kind) {
      case LEADER_KILL_INPUT -> killAndRestart(leaderOfAny(targets.inputs()), "leader of an input "
          + "partition", wait);
      case LEADER_KILL_CHANGELOG -> killAndRestart(leaderOfAny(targets.changelogs()), "leader of a "
          + "changelog partition", wait);
      case TXN_COORDINATOR_KILL -> killAndRestart(transactionCoordinator(), "transaction "
          + "coordinator of a producer of the app, an open transaction's if there is one", wait);
      case GROUP_COORDINATOR_KILL -> killAndRestart(groupCoordinator(), "the app's group "
          + "coordinator", wait);
      case CONTROLLER_KILL -> killAndRestart(quorumLeader(), "leader of the metadata quorum",
          wait);
      case BROKER_ROLLING_RESTART -> rollingRestart(wait);
      default -> throw new IllegalArgumentException(kind + " is not a cluster fault");
    };
  }

  /** SIGKILL of a random node, restarted after 1–4 s; no wait for replicas to be in sync. */
  String killRandomNode() throws InterruptedException {
    int node = cluster.nodeIds().get(random.nextInt(cluster.size()));
    cluster.kill(node);
    long down = System.nanoTime();
    Thread.sleep(1_000 + (long) (random.nextDouble() * 3_000));
    cluster.start(node);
    return String.format("node %d down %.1f s (restart included)", node,
        (System.nanoTime() - down) / 1e9);
  }

  private String killAndRestart(int node, String role, String wait) throws Exception {
    String target = node > 0 ? "node " + node + " (" + role + ")"
        : "node " + (node = randomNode()) + " (random: no " + role + " found)";
    long down = System.nanoTime();
    cluster.kill(node);
    Thread.sleep(1_000 + random.nextInt(3_000));
    cluster.start(node);
    return String.format("SIGKILL of %s, down %.1f s (restart included)%s", target,
        (System.nanoTime() - down) / 1e9, wait);
  }

  private String rollingRestart(String wait) throws Exception {
    List<String> steps = new ArrayList<>();
    for (int node : cluster.nodeIds()) {
      long start = System.nanoTime();
      boolean clean = cluster.node(node).stop();
      cluster.start(node);
      String inSync = awaitInSync();
      steps.add(String.format("node %d %s %.1f s%s", node, clean ? "stopped cleanly," : "KILLED "
          + "after a stop timed out,", (System.nanoTime() - start) / 1e9, inSync));
    }
    return "rolling restart: " + String.join("; ", steps) + wait;
  }

  private int randomNode() {
    return cluster.nodeIds().get(random.nextInt(cluster.size()));
  }

  /** Leader of a random partition of one of the topics, or -1. */
  private int leaderOfAny(List<String> topics) throws Exception {
    try (Admin admin = cluster.admin()) {
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      List<TopicPartitionInfo> partitions = new ArrayList<>();
      described.values().forEach(d -> partitions.addAll(d.partitions()));
      TopicPartitionInfo p = partitions.get(random.nextInt(partitions.size()));
      return p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id();
    }
  }

  /**
   * Coordinator of an open transaction of one of the app's producers, else of any of them (its
   * next transaction goes there), or -1.
   */
  private int transactionCoordinator() throws Exception {
    try (Admin admin = cluster.admin()) {
      List<TransactionListing> ours = admin.listTransactions().all().get(30, TimeUnit.SECONDS)
          .stream().filter(t -> t.transactionalId().startsWith(targets.app() + "-")).toList();
      List<String> open = ours.stream().filter(t -> t.state() == TransactionState.ONGOING)
          .map(TransactionListing::transactionalId).toList();
      if (open.isEmpty()) {
        // none open this instant: the coordinator of a producer's next transaction
        open = ours.stream().map(TransactionListing::transactionalId).toList();
      }
      if (open.isEmpty()) {
        return -1;
      }
      String id = open.get(random.nextInt(open.size()));
      return admin.describeTransactions(List.of(id)).description(id).get(30, TimeUnit.SECONDS)
          .coordinatorId();
    }
  }

  private int groupCoordinator() throws Exception {
    try (Admin admin = cluster.admin()) {
      String app = targets.app();
      var coordinator = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
          .get(30, TimeUnit.SECONDS).coordinator();
      return coordinator == null ? -1 : coordinator.id();
    }
  }

  private int quorumLeader() throws Exception {
    try (Admin admin = cluster.admin()) {
      return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }
  }

  /**
   * Waits until every partition of the cluster has all its replicas in sync (at most a minute);
   * returns a note for the report if it took long or did not get there.
   */
  private String awaitInSync() throws Exception {
    long start = System.nanoTime();
    long deadline = start + IN_SYNC_WAIT.toNanos();
    int behind = 0;
    while (System.nanoTime() < deadline) {
      behind = underReplicated();
      if (behind == 0) {
        long waited = (System.nanoTime() - start) / 1_000_000;
        return waited < 1_000 ? "" : String.format(" (waited %.1f s for the ISR)", waited / 1e3);
      }
      Thread.sleep(500);
    }
    return " (" + behind + " partitions still under-replicated after "
        + IN_SYNC_WAIT.toSeconds() + " s)";
  }

  private int underReplicated() throws Exception {
    try (Admin admin = cluster.admin()) {
      var names = admin.listTopics(new ListTopicsOptions()
          .listInternal(true)).names().get(30, TimeUnit.SECONDS);
      int n = 0;
      for (TopicDescription d : admin.describeTopics(names).allTopicNames()
          .get(30, TimeUnit.SECONDS).values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          if (p.isr().size() < p.replicas().size()) {
            n++;
          }
        }
      }
      return n;
    }
  }
}
