package dev.rivulet.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The seeded fault schedule and its execution. {@link #schedule} turns a profile's fault budget
 * into a shuffled list of faults at random times over the production window; {@link #run}
 * carries them out one after the other: on the workers ({@link WorkerFaults}), the network
 * ({@link NetworkFaults}) and the brokers ({@link ClusterFaults}).
 */
final class Nemesis {
  /** One fault as carried out. */
  record Done(long atMillis, FaultKind kind, String target, String detail) {}

  /** One planned fault. */
  record Planned(long atMillis, FaultKind kind) {}

  /**
   * Faults that only bite while input flows: transactions in flight, or (the rolling upgrade)
   * records for the new version to process, whose state the checker then looks for.
   */
  private static final Set<FaultKind> NEEDS_INPUT = EnumSet.of(FaultKind.NET_COMMIT_OUTCOME_LOST,
      FaultKind.TXN_COORDINATOR_KILL, FaultKind.ROLLING_UPGRADE);

  private final WorkerFaults workers;
  private final NetworkFaults network;
  private final ClusterFaults clusterFaults;
  private final List<Done> done = new ArrayList<>();
  private long start;
  private long lastFaultMillis;

  Nemesis(WorkerPool pool, BrokerCluster cluster, Network network,
      ClusterFaults.Targets targets, ChaosProfile profile, long seed,
      BooleanSupplier inputFlowing) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    this.workers = new WorkerFaults(pool, profile, random, inputFlowing, this::log);
    this.network = new NetworkFaults(pool, network, random);
    this.clusterFaults = new ClusterFaults(cluster, targets, random);
  }

  static List<Planned> schedule(ChaosProfile profile, long seed) {
    Random random = new Random(seed);
    List<FaultKind> kinds = new ArrayList<>();
    // a negative run exists to show the checker the violation its fault causes: its kills must
    // land while input flows, not wait (up to 30 s) for a restore or a rebalance to show up
    int restoreKills = profile.expectViolations() ? 0 : profile.kills() / 3;
    int rebalanceKills = profile.expectViolations() ? 0 : profile.kills() / 3;
    add(kinds, FaultKind.KILL_DURING_RESTORE, restoreKills);
    add(kinds, FaultKind.KILL_DURING_REBALANCE, rebalanceKills);
    add(kinds, FaultKind.KILL_MID_STREAM, profile.kills() - restoreKills - rebalanceKills);
    add(kinds, FaultKind.ZOMBIE, profile.zombies());
    add(kinds, FaultKind.TXN_TIMEOUT_PAUSE, profile.txnTimeoutPauses());
    add(kinds, FaultKind.BROKER_KILL, profile.brokerKills());
    add(kinds, FaultKind.CLEAN_STOP, profile.cleanStops());
    add(kinds, FaultKind.STATE_WIPE, profile.stateWipes());
    add(kinds, FaultKind.ROLLING_UPGRADE, profile.rollingUpgrade() ? 1 : 0);
    add(kinds, FaultKind.CRASH_AFTER_OFFSET_COMMIT, profile.crashPoints());
    for (int i = 0; i < profile.networkFaults(); i++) {
      kinds.add(FaultKind.NETWORK[i % FaultKind.NETWORK.length]);
    }
    for (int i = 0; i < profile.clusterFaults(); i++) {
      kinds.add(FaultKind.CLUSTER[i % FaultKind.CLUSTER.length]);
    }
    for (int i = 0; i < profile.scalings(); i++) {
      kinds.add(i % 2 == 0 ? FaultKind.SCALE_UP : FaultKind.SCALE_DOWN);
    }
    Collections.shuffle(kinds, random);
    earlyWhileInputFlows(kinds, random);
    long window = profile.produceFor().toMillis();
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      times.add(2_000 + (long) (random.nextDouble() * (window - 2_000)));
    }
    Collections.sort(times);
    List<Planned> plan = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      plan.add(new Planned(times.get(i), kinds.get(i)));
    }
    return plan;
  }

  /**
   * Moves the faults that need input (a commit to cut, a coordinator with an open transaction,
   * an upgrade to show in the state) into the first half of the plan: faults run one after the
   * other and, on a loaded machine, the last ones land after the input is over.
   */
  private static void earlyWhileInputFlows(List<FaultKind> kinds, Random random) {
    int half = kinds.size() / 2;
    for (int i = half; i < kinds.size(); i++) {
      if (NEEDS_INPUT.contains(kinds.get(i))) {
        for (int tries = 0; tries < 100; tries++) {
          int j = random.nextInt(Math.max(1, half));
          if (!NEEDS_INPUT.contains(kinds.get(j))) {
            Collections.swap(kinds, i, j);
            break;
          }
        }
      }
    }
  }

  private static void add(List<FaultKind> kinds, FaultKind kind, int n) {
    for (int i = 0; i < n; i++) {
      kinds.add(kind);
    }
  }

  /** Carries out the plan; faults run one at a time, each no earlier than planned. */
  void run(List<Planned> plan, long startNanos) throws Exception {
    this.start = startNanos;
    for (Planned p : plan) {
      long wait = p.atMillis() - elapsed();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      execute(p.kind());
      lastFaultMillis = elapsed();
    }
  }

  List<Done> done() {
    return done;
  }

  long lastFaultMillis() {
    return lastFaultMillis;
  }

  Map<FaultKind, Integer> countByKind() {
    Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
    done.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
    return counts;
  }

  private long elapsed() {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void log(FaultKind kind, String target, String detail) {
    Done d = new Done(elapsed(), kind, target, detail);
    done.add(d);
    System.out.printf("[chaos %6.1fs] %-22s %-6s %s%n", d.atMillis() / 1000.0, kind, target,
        detail);
  }

  private void execute(FaultKind kind) throws Exception {
    switch (kind) {
      case NET_PARTITION, NET_REQUESTS_LOST, NET_COMMIT_OUTCOME_LOST, NET_LATENCY, NET_RESET -> {
        int slot = workers.busyWorker();
        log(kind, "w" + slot, network.run(kind, slot));
      }
      case LEADER_KILL_INPUT, LEADER_KILL_CHANGELOG, TXN_COORDINATOR_KILL,
          GROUP_COORDINATOR_KILL, CONTROLLER_KILL, BROKER_ROLLING_RESTART ->
          log(kind, "broker", clusterFaults.run(kind));
      case BROKER_KILL -> log(kind, "broker", clusterFaults.killRandomNode());
      default -> workers.run(kind);
    }
  }
}
