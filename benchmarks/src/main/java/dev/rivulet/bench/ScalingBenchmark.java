package dev.rivulet.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Pauses while instances come and go (issue 23): a count per key over {@code --partitions}
 * partitions with a store of {@code --scaling-keys} keys (each key written once and processed
 * before the measurement), input flowing at {@code --scaling-rate} records/s, outputs read
 * {@code read_committed} by a {@link PartitionGapMonitor}. Per phase: the longest gap between
 * consecutive outputs of any partition and the changelog records restored by all instances.
 * Scenarios: {@code scale} (1 → 2 → 3 instances, then 3 → 2 → 1 by clean stops),
 * {@code kill} (SIGKILL of one of 2 instances) and {@code rolling} (each of 3 instances stopped
 * cleanly and started again on its state dir, one after the other; the {@code -static} setups
 * keep their {@code group.instance.id} across the restart). A phase ends once the live
 * instances process every partition, balanced (and, with standbys, every partition has a
 * replica), every partition had an output in the last second, and all that held for
 * {@link #HOLD}; or after {@code --scaling-settle} seconds ("not settled"). Each run ends by
 * checking exactly one output per input.
 */
final class ScalingBenchmark {
  /** Session timeout of every instance of every setup (the broker's minimum)... */
  static final int SESSION_TIMEOUT_MS = 6000;
  /**
   * ... but those with static membership: a restart must fit in it, or the member is dropped
   * and static membership saves nothing (a contender JVM restarts in 3-7 s here).
   */
  static final String STATIC_SESSION_TIMEOUT_MS = "30000";
  static final Duration HOLD = Duration.ofSeconds(5);
  private static final Duration STEADY = Duration.ofSeconds(10);
  /** Setup option: each instance gets a fixed instance id (static membership). */
  static final String STATIC_MEMBERSHIP = "staticMembership";
  static final List<String> SCENARIOS = List.of("scale", "kill", "rolling");

  /** A contender with its scaling settings, as reported. */
  record Setup(String id, Contender contender, Map<String, String> options, String settings) {
    boolean hasStandbys() {
      return Integer.parseInt(options.getOrDefault("standbyReplicas", "0")) > 0;
    }
  }

  static final List<Setup> SETUPS = List.of(
      new Setup("rivulet", Contender.RIVULET_EOS, Map.of(),
          "Rivulet EOS, no standby replicas, no warm-up (defaults)"),
      new Setup("rivulet-standby", Contender.RIVULET_EOS, Map.of("standbyReplicas", "1",
          "acceptableRecoveryLag", "10000", "probingMs", "5000"),
          "Rivulet EOS, standbyReplicas=1, acceptableRecoveryLag=10000, probing every 5 s"),
      new Setup("rivulet-standby-lag1k", Contender.RIVULET_EOS, Map.of("standbyReplicas", "1",
          "acceptableRecoveryLag", "1000", "probingMs", "5000"),
          "as rivulet-standby, with acceptableRecoveryLag=1000 (a task moves with less to "
              + "restore)"),
      new Setup("kstreams-standby", Contender.STREAMS_EOS, Map.of("standbyReplicas", "1",
          "probingMs", "60000"),
          "Kafka Streams exactly_once_v2, num.standby.replicas=1, acceptable.recovery.lag=10000 "
              + "and max.warmup.replicas=2 (defaults), probing.rebalance.interval.ms=60000 (its "
              + "minimum; default 600000)"),
      new Setup("rivulet-static", Contender.RIVULET_EOS, Map.of("standbyReplicas", "1",
          "acceptableRecoveryLag", "10000", "probingMs", "5000", STATIC_MEMBERSHIP, "true",
          "sessionTimeoutMs", STATIC_SESSION_TIMEOUT_MS),
          "as rivulet-standby, with static membership (instanceId per instance) and "
              + "session.timeout.ms " + STATIC_SESSION_TIMEOUT_MS),
      new Setup("kstreams-static", Contender.STREAMS_EOS, Map.of("standbyReplicas", "1",
          "probingMs", "60000", STATIC_MEMBERSHIP, "true",
          "sessionTimeoutMs", STATIC_SESSION_TIMEOUT_MS),
          "as kstreams-standby, with static membership (group.instance.id per instance) and "
              + "session.timeout.ms " + STATIC_SESSION_TIMEOUT_MS));

  /** One phase of one scenario. */
  record Phase(String name, long maxGapMs, int partition, long gapEndedAtMillis,
      List<Long> restoredPerInstance, double settledSeconds, boolean settled,
      double foreignCores) {
    long restored() {
      return restoredPerInstance.stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
      return String.format("%s: longest gap %d ms (p%d, ended %s), restored %d %s, %s after "
          + "%.1f s, other processes %.2f cores", name, maxGapMs, partition,
          LocalTime.ofInstant(Instant.ofEpochMilli(gapEndedAtMillis), ZoneId.systemDefault()),
          restored(), restoredPerInstance, settled ? "settled" : "NOT settled", settledSeconds,
          foreignCores);
    }
  }

  private final Workbench bench;
  private final Map<String, List<String>> rows = new LinkedHashMap<>();

  ScalingBenchmark(Workbench bench) {
    this.bench = bench;
  }

  static Setup setup(String id) {
    return SETUPS.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown scaling setup '" + id
            + "'; one of " + SETUPS.stream().map(Setup::id).toList()));
  }

  void run() {
    BenchOptions o = bench.options();
    for (int rep = 1; rep <= o.reps(); rep++) {
      for (String scenario : o.scalingScenarios()) {
        for (String id : o.scalingSetups()) {
          Setup setup = setup(id);
          for (Phase p : once(setup, scenario, rep)) {
            rows.computeIfAbsent(scenario, k -> new ArrayList<>()).add(row(rep, setup, p));
          }
        }
      }
    }
    report();
  }

  private static String row(int rep, Setup setup, Phase p) {
    String perInstance = p.restoredPerInstance().stream()
        .map(n -> String.format("%,d", n)).collect(Collectors.joining(" / "));
    return String.format("| %d | %s | %s | %,d (p%d) | %,d | %s | %s | %.2f |", rep, setup.id(),
        p.name(), p.maxGapMs(), p.partition(), p.restored(), perInstance,
        p.settled() ? String.format("%.1f", p.settledSeconds())
            : String.format("not settled in %.0f s", p.settledSeconds()),
        p.foreignCores());
  }

  private void report() {
    BenchOptions o = bench.options();
    System.out.println();
    for (Map.Entry<String, List<String>> e : rows.entrySet()) {
      System.out.println("## Scaling: " + switch (e.getKey()) {
        case "scale" -> "scale-out 1 → 2 → 3, scale-in 3 → 2 → 1 (clean stops)";
        case "kill" -> "SIGKILL of one of 2 instances";
        default -> "rolling restart of 3 instances (clean stop, start on the same state dir)";
      });
      System.out.printf("(%d partitions, store of %,d keys, input %,.0f records/s uniform over "
          + "the keys, commit interval %d ms, session.timeout.ms %d, exactly-once; gap = longest "
          + "time between consecutive read_committed outputs of one partition, seen by the "
          + "harness)%n", o.partitions(), o.scalingKeys(), o.scalingRate(), o.commitMs(),
          SESSION_TIMEOUT_MS);
      System.out.println("| rep | setup | phase | longest partition gap ms (partition) | "
          + "records restored | by instance 1 / 2 / 3 | settled after s | "
          + "other processes, cores |");
      System.out.println("|---:|---|---|---:|---:|---|---:|---:|");
      e.getValue().forEach(System.out::println);
      System.out.println();
    }
    System.out.println("setups:");
    o.scalingSetups().forEach(id -> System.out.println("- " + id + ": " + setup(id).settings()));
    System.out.println();
  }

  private List<Phase> once(Setup setup, String scenario, int rep) {
    BenchOptions o = bench.options();
    String appId = bench.name("scale-" + scenario + "-" + setup.id() + "-r" + rep);
    String input = appId + "-in";
    String output = appId + "-out";
    bench.ops().createTopics(o.partitions(), Map.of(), input, output);
    List<Phase> phases = new ArrayList<>();
    Consumer<Phase> done = p -> {
      System.out.printf("rep %d %s %s: %s%n", rep, scenario, setup.id(), p);
      phases.add(p);
    };
    try (ScalingCluster cluster = new ScalingCluster(bench, setup, appId, input, output)) {
      // the store: every key once, processed by the first instance before anything is measured
      InputLoader.load(bench.bootstrap(), input, o.scalingKeys(),
          KeyDistribution.sequential(o.scalingKeys()), o.valueBytes(), o.seed());
      cluster.startInstance(true);
      cluster.awaitCommitted(o.scalingKeys(), Duration.ofMinutes(10));
      int instances = switch (scenario) {
        case "kill" -> 2;
        case "rolling" -> 3;
        default -> 1;
      };
      for (int i = 2; i <= instances; i++) {
        cluster.startInstance(false);
      }
      try (PartitionGapMonitor monitor = PartitionGapMonitor.start(bench.bootstrap(), output,
              o.partitions());
          SteadyProducer producer = SteadyProducer.start(bench.bootstrap(), input,
              o.scalingRate(), o.scalingKeys(), o.valueBytes(), o.seed())) {
        if (instances > 1) {
          settle(cluster, monitor, System.nanoTime()); // the set-up: all instances running
        }
        done.accept(phase("steady, " + cluster.liveInstances() + " instance(s), "
            + STEADY.toSeconds() + " s", cluster, monitor, () -> ChildJvm.sleep(STEADY), false));
        if (scenario.equals("scale")) {
          done.accept(phase("1 → 2", cluster, monitor, () -> cluster.startInstance(false), true));
          done.accept(phase("2 → 3", cluster, monitor, () -> cluster.startInstance(false), true));
          done.accept(phase("3 → 2", cluster, monitor, cluster::stopNewest, true));
          done.accept(phase("2 → 1", cluster, monitor, cluster::stopNewest, true));
        } else if (scenario.equals("kill")) {
          done.accept(phase("SIGKILL 1 of 2", cluster, monitor, cluster::killNewest, true));
        } else {
          for (int i = 1; i <= instances; i++) {
            int n = i;
            done.accept(phase("restart " + n + " of " + instances, cluster, monitor,
                () -> cluster.restart(n), true));
          }
        }
      }
      long inputs = bench.ops().endOffsetSum(input);
      cluster.awaitCommitted(inputs, Duration.ofMinutes(10));
      cluster.stopAll();
      long outputs = bench.ops().countCommitted(output);
      if (outputs != inputs) {
        throw new IllegalStateException(setup.id() + " " + scenario + ": " + outputs
            + " outputs for " + inputs + " inputs (exactly-once broken)");
      }
    } finally {
      bench.ops().deleteTopicsStartingWith(appId);
    }
    return phases;
  }

  private Phase phase(String name, ScalingCluster cluster, PartitionGapMonitor monitor,
      Runnable action, boolean awaitSettled) {
    cluster.mark();
    monitor.beginPhase();
    long start = System.nanoTime();
    action.run();
    long settledAt = awaitSettled ? settle(cluster, monitor, start) : System.nanoTime();
    PartitionGapMonitor.PhaseGaps gaps = monitor.endPhase();
    boolean settled = settledAt > 0;
    double seconds = ((settled ? settledAt : System.nanoTime()) - start) / 1e9;
    return new Phase(name, gaps.maxGapMs(), gaps.partition(), gaps.endedAtMillis(),
        cluster.restoredSinceMark(), seconds, settled, cluster.foreignCoresSinceMark());
  }

  /**
   * Waits until the cluster is balanced and every partition flows, continuously for
   * {@link #HOLD}; returns when that stretch began (nanoTime), or 0 if it did not within
   * {@code --scaling-settle} seconds of {@code start}.
   */
  private long settle(ScalingCluster cluster, PartitionGapMonitor monitor, long start) {
    int partitions = bench.options().partitions();
    long deadline = start + Duration.ofSeconds(bench.options().scalingSettleSeconds()).toNanos();
    long since = 0;
    while (true) {
      long now = System.nanoTime();
      boolean ok = cluster.balanced(partitions)
          && monitor.allFlowingSince(now - Duration.ofSeconds(1).toNanos());
      if (!ok) {
        since = 0;
      } else if (since == 0) {
        since = now;
      } else if (now - since >= HOLD.toNanos()) {
        return since;
      }
      if (now > deadline) {
        return 0;
      }
      ChildJvm.sleep(Duration.ofMillis(100));
    }
  }
}
