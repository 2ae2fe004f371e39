package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances of one application in the scaling benchmark: each a contender JVM with its own
 * state dir, started, stopped cleanly, restarted on its state dir or SIGKILLed by the harness.
 * Knows from the instances' {@code ASSIGNMENT} lines whether a rebalance has settled, counts
 * the changelog records they restored ({@code RESTORED} lines), and how many cores other
 * processes of the machine used (the CPU of the broker, the harness and every instance, even a
 * gone one, is subtracted). Driven by one thread.
 */
final class ScalingCluster implements AutoCloseable {
  private final Workbench bench;
  private final ScalingBenchmark.Setup setup;
  private final String appId;
  private final String input;
  private final String output;
  private final List<ContenderRun> live = new ArrayList<>();
  private final List<ContenderRun> all = new ArrayList<>();
  /** Per instance (1 = index 0): its state dir, kept across restarts. */
  private final List<Path> stateDirs = new ArrayList<>();
  /** Per JVM: the instance it runs (an index into {@link #stateDirs}). */
  private final Map<ContenderRun, Integer> slot = new IdentityHashMap<>();
  /** Per instance: the CPU it used so far, as last read (a gone process has no /proc entry). */
  private final Map<ContenderRun, Long> cpu = new IdentityHashMap<>();
  private final Map<ContenderRun, Long> cpuAtStart = new IdentityHashMap<>();
  private final Map<ContenderRun, Integer> linesAtMark = new IdentityHashMap<>();
  private long busy0;
  private long own0;
  private long wall0;

  ScalingCluster(Workbench bench, ScalingBenchmark.Setup setup, String appId, String input,
      String output) {
    this.bench = bench;
    this.setup = setup;
    this.appId = appId;
    this.input = input;
    this.output = output;
  }

  /** Starts an instance on a new, empty state dir; returns once its JVM said STARTED. */
  ContenderRun startInstance(boolean awaitQuiet) {
    stateDirs.add(bench.stateDir(appId + "-i" + (stateDirs.size() + 1)));
    return start(stateDirs.size() - 1, awaitQuiet);
  }

  /**
   * Stops instance {@code n} (1 = the first started) cleanly and starts it again on the same
   * state dir (and, with static membership, the same instance id); returns once the new JVM
   * said STARTED.
   */
  ContenderRun restart(int n) {
    ContenderRun old = live.stream().filter(r -> slot.get(r) == n - 1).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("instance " + n + " is not running"));
    live.remove(old);
    readCpu(old);
    old.stop();
    return start(n - 1, false);
  }

  private ContenderRun start(int index, boolean awaitQuiet) {
    Map<String, String> options = new HashMap<>(setup.options());
    options.putIfAbsent("sessionTimeoutMs",
        Integer.toString(ScalingBenchmark.SESSION_TIMEOUT_MS));
    options.put("reportAssignment", "true");
    if (Boolean.parseBoolean(options.remove(ScalingBenchmark.STATIC_MEMBERSHIP))) {
      options.put("instanceId", "instance-" + (index + 1));
    }
    ContenderRun run = ContenderRun.start(bench, setup.contender(), appId, input, output,
        stateDirs.get(index), options, awaitQuiet);
    live.add(run);
    all.add(run);
    slot.put(run, index);
    cpuAtStart.put(run, run.jvm().cpuNanos());
    linesAtMark.put(run, 0);
    return run;
  }

  /** Stops the newest live instance cleanly. */
  void stopNewest() {
    ContenderRun run = live.remove(live.size() - 1);
    readCpu(run);
    run.stop();
  }

  /** SIGKILLs the newest live instance. */
  void killNewest() {
    ContenderRun run = live.remove(live.size() - 1);
    readCpu(run);
    run.kill();
  }

  /** Marks the start of a phase: restores and machine load are counted from here. */
  void mark() {
    all.forEach(r -> linesAtMark.put(r, r.jvm().lines().size()));
    busy0 = MachineLoad.busyNanos();
    own0 = ownCpu();
    wall0 = System.nanoTime();
  }

  /**
   * Changelog records each instance restored since {@link #mark}, in start order (instance 1
   * first; an instance started during the phase counts from its start, a restarted one sums
   * both of its JVMs).
   */
  List<Long> restoredSinceMark() {
    List<Long> out = new ArrayList<>(Collections.nCopies(stateDirs.size(), 0L));
    for (ContenderRun r : all) {
      List<String> lines = r.jvm().lines();
      long n = 0;
      for (int i = linesAtMark.get(r); i < lines.size(); i++) {
        if (lines.get(i).startsWith("RESTORED ")) {
          n += Long.parseLong(lines.get(i).substring(lines.get(i).lastIndexOf(' ') + 1));
        }
      }
      out.set(slot.get(r), out.get(slot.get(r)) + n);
    }
    return out;
  }

  /** Cores other processes used since {@link #mark}. */
  double foreignCoresSinceMark() {
    long wall = System.nanoTime() - wall0;
    long foreign = (MachineLoad.busyNanos() - busy0) - (ownCpu() - own0);
    return Math.max(0, foreign) / (double) wall;
  }

  private long ownCpu() {
    long sum = bench.brokerCpuNanos() + MachineLoad.selfNanos();
    for (ContenderRun r : all) {
      if (live.contains(r)) {
        readCpu(r);
      }
      sum += cpu.getOrDefault(r, 0L) - cpuAtStart.get(r);
    }
    return sum;
  }

  private void readCpu(ContenderRun r) {
    long now = r.jvm().cpuNanos();
    if (now >= 0) {
      cpu.put(r, now);
    }
  }

  /**
   * Whether the live instances process every partition exactly once, balanced (active counts
   * differ by at most one), and, with standby replicas, every partition has a replica on a live
   * instance (when there are two or more).
   */
  boolean balanced(int partitions) {
    Set<Integer> active = new HashSet<>();
    Set<Integer> standby = new HashSet<>();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (ContenderRun r : live) {
      r.checkAlive();
      readCpu(r);
      String line = lastAssignment(r);
      if (line == null) {
        return false;
      }
      AssignmentReporter.Assignment a = AssignmentReporter.Assignment.parse(line);
      for (int p : a.active()) {
        if (!active.add(p)) {
          return false; // two instances claim it (one has not noticed the rebalance yet)
        }
      }
      standby.addAll(a.standby());
      min = Math.min(min, a.active().size());
      max = Math.max(max, a.active().size());
    }
    boolean replicas = !setup.hasStandbys() || live.size() < 2 || standby.size() == partitions;
    return active.size() == partitions && max - min <= 1 && replicas;
  }

  private static @org.jspecify.annotations.Nullable String lastAssignment(ContenderRun r) {
    List<String> lines = r.jvm().lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("ASSIGNMENT ")) {
        return lines.get(i).substring("ASSIGNMENT ".length());
      }
    }
    return null;
  }

  /** Waits until the group committed {@code endOffsets} on the input. */
  void awaitCommitted(long endOffsets, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bench.ops().committedSum(appId, input) < endOffsets) {
      live.forEach(ContenderRun::checkAlive);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(appId + " did not commit " + endOffsets + " within "
            + timeout + ": " + bench.ops().committedSum(appId, input));
      }
      ChildJvm.sleep(Duration.ofMillis(50));
    }
  }

  int liveInstances() {
    return live.size();
  }

  /** Stops the live instances cleanly. */
  void stopAll() {
    while (!live.isEmpty()) {
      stopNewest();
    }
  }

  @Override
  public void close() {
    all.forEach(ContenderRun::close);
    stateDirs.forEach(Workbench::deleteRecursively);
  }
}
