package dev.rivulet.chaos;

import java.time.Duration;
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
 * carries them out one after the other against the worker pool, the network and the brokers.
 */
final class Nemesis {
  /** One fault as carried out. */
  record Done(long atMillis, FaultKind kind, String target, String detail) {}

  /** One planned fault. */
  record Planned(long atMillis, FaultKind kind) {}

  /** Faults that only bite while transactions are in flight. */
  private static final Set<FaultKind> NEEDS_INPUT =
      EnumSet.of(FaultKind.NET_COMMIT_OUTCOME_LOST, FaultKind.TXN_COORDINATOR_KILL);

  private final WorkerPool pool;
  private final BrokerCluster cluster;
  private final NetworkFaults network;
  private final ClusterFaults clusterFaults;
  private final ChaosProfile profile;
  private final Random random;
  private final BooleanSupplier inputFlowing;
  private final List<Done> done = new ArrayList<>();
  private long start;
  private long lastFaultMillis;

  Nemesis(WorkerPool pool, BrokerCluster cluster, Network network,
      ClusterFaults.Targets targets, ChaosProfile profile, long seed,
      BooleanSupplier inputFlowing) {
    this.pool = pool;
    this.cluster = cluster;
    this.profile = profile;
    this.random = new Random(seed ^ 0x5DEECE66DL);
    this.network = new NetworkFaults(pool, network, random);
    this.clusterFaults = new ClusterFaults(cluster, targets, random);
    this.inputFlowing = inputFlowing;
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
   * Moves the faults that need transactions in flight (a commit to cut, a coordinator with an
   * open transaction) into the first half of the plan: faults run one after the other and, on a
   * loaded machine, the last ones land after the input is over.
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

  private int anyRunning() {
    List<Integer> slots = pool.runningSlots();
    if (slots.isEmpty()) {
      int slot = pool.idleSlots().get(0);
      pool.start(slot);
      return slot;
    }
    return slots.get(random.nextInt(slots.size()));
  }

  /** A worker that runs tasks right now (so that a transaction is open), else any. */
  private int busyWorker() throws InterruptedException {
    List<Integer> busy = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      int from = w.lines().size();
      w.send("TASKS");
      int at = w.awaitFrom(from, l -> l.startsWith("TASKS "), Duration.ofSeconds(10));
      if (at >= 0 && w.lines().get(at).contains(":RUNNING")) {
        busy.add(slot);
      }
    }
    return busy.isEmpty() ? anyRunning() : busy.get(random.nextInt(busy.size()));
  }

  private void pause(long minMillis, long maxMillis) throws InterruptedException {
    Thread.sleep(minMillis + (long) (random.nextDouble() * (maxMillis - minMillis)));
  }

  private void execute(FaultKind kind) throws Exception {
    switch (kind) {
      case KILL_MID_STREAM -> killMidStream();
      case KILL_DURING_RESTORE -> killDuringRestore();
      case KILL_DURING_REBALANCE -> killDuringRebalance();
      case CLEAN_STOP -> cleanStop();
      case SCALE_UP -> scale(true);
      case SCALE_DOWN -> scale(false);
      case ZOMBIE -> suspend(kind, WorkerPool.MAX_POLL_INTERVAL.plusSeconds(4));
      case TXN_TIMEOUT_PAUSE -> suspend(kind, WorkerPool.TRANSACTION_TIMEOUT.plusMillis(2_000));
      case BROKER_KILL -> brokerKill();
      case STATE_WIPE -> stateWipe();
      case ROLLING_UPGRADE -> rollingUpgrade();
      case CRASH_AFTER_OFFSET_COMMIT -> crashPoint();
      case NET_PARTITION, NET_REQUESTS_LOST, NET_COMMIT_OUTCOME_LOST, NET_LATENCY, NET_RESET -> {
        int slot = busyWorker();
        log(kind, "w" + slot, network.run(kind, slot));
      }
      case LEADER_KILL_INPUT, LEADER_KILL_CHANGELOG, TXN_COORDINATOR_KILL,
          GROUP_COORDINATOR_KILL, CONTROLLER_KILL, BROKER_ROLLING_RESTART ->
          log(kind, "broker", clusterFaults.run(kind));
    }
  }

  private void killMidStream() throws InterruptedException {
    int slot = anyRunning();
    boolean flowing = inputFlowing.getAsBoolean();
    pool.kill(slot);
    log(FaultKind.KILL_MID_STREAM, "w" + slot, flowing ? "input flowing" : "input finished");
    pause(300, 3_000);
    pool.start(slot);
  }

  private void killDuringRestore() throws InterruptedException {
    // a wiped worker restores everything it is given: kill the first worker seen restoring
    int victim = anyRunning();
    pool.kill(victim);
    pool.wipe(victim);
    pool.start(victim);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (int slot : pool.runningSlots()) {
        ForkedJvm w = pool.get(slot);
        if (w != null && restoring(w)) {
          pool.kill(slot);
          log(FaultKind.KILL_DURING_RESTORE, "w" + slot,
              "killed while restoring (state of w" + victim + " wiped first)");
          pause(200, 1_500);
          pool.start(slot);
          return;
        }
      }
      Thread.sleep(10);
    }
    pool.kill(victim);
    // counted as what it was: a kill during a restore is reported only when one was seen
    log(FaultKind.KILL_MID_STREAM, "w" + victim,
        "planned during a restore, but none was seen within 30 s");
    pool.start(victim);
  }

  /** Whether the worker reported a non-empty restore it has not finished. */
  private static boolean restoring(ForkedJvm w) {
    Map<String, Boolean> open = new java.util.HashMap<>();
    for (String l : w.lines()) {
      if (l.isEmpty() || l.charAt(0) != 'R') {
        continue;
      }
      String[] p = l.split(" ");
      if (l.startsWith("RESTORE_START ") && Long.parseLong(p[4]) > 0) {
        open.put(p[1] + " " + p[2] + " " + p[3], true);
      } else if (l.startsWith("RESTORED ")) {
        open.remove(p[1] + " " + p[2] + " " + p[3]);
      }
    }
    return !open.isEmpty();
  }

  private void killDuringRebalance() throws InterruptedException {
    String trigger;
    List<Integer> idle = pool.idleSlots();
    int joined = -1;
    int left = -1;
    if (!idle.isEmpty()) {
      joined = idle.get(0);
      ForkedJvm w = pool.start(joined);
      w.await(l -> l.startsWith("STARTED"), Duration.ofSeconds(60));
      trigger = "w" + joined + " joined";
    } else {
      left = anyRunning();
      pool.stop(left);
      trigger = "w" + left + " left";
    }
    pause(100, 1_200);
    List<Integer> candidates = pool.runningSlots();
    int victim = candidates.get(random.nextInt(candidates.size()));
    pool.kill(victim);
    log(FaultKind.KILL_DURING_REBALANCE, "w" + victim, "just after " + trigger);
    pause(300, 2_000);
    pool.start(victim);
    if (left >= 0) {
      pool.start(left);
    } else if (pool.runningSlots().size() > profile.initialWorkers()) {
      pool.stop(joined); // back to the size it had
    }
  }

  private void cleanStop() throws InterruptedException {
    int slot = anyRunning();
    boolean clean = pool.stop(slot);
    log(FaultKind.CLEAN_STOP, "w" + slot, clean ? "closed cleanly" : "DID NOT STOP within 60 s");
    pause(500, 2_000);
    pool.start(slot);
  }

  private void scale(boolean up) throws InterruptedException {
    int n = pool.runningSlots().size();
    if (up && n >= profile.maxWorkers() || !up && n <= profile.minWorkers()) {
      up = !up;
    }
    if (up) {
      int slot = pool.idleSlots().get(0);
      pool.start(slot);
      log(up ? FaultKind.SCALE_UP : FaultKind.SCALE_DOWN, "w" + slot, n + " -> " + (n + 1));
    } else {
      int slot = anyRunning();
      boolean clean = pool.stop(slot);
      log(FaultKind.SCALE_DOWN, "w" + slot, n + " -> " + (n - 1)
          + (clean ? "" : " (DID NOT STOP cleanly)"));
    }
  }

  private void suspend(FaultKind kind, Duration howLong) throws InterruptedException {
    int slot = busyWorker();
    ForkedJvm w = pool.get(slot);
    long fencesBefore = WorkerPool.lastMetric(w, "fences");
    w.suspend();
    Thread.sleep(howLong.toMillis());
    w.resume();
    // give it the time to notice (its next poll or commit)
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long fences = fencesBefore;
    while (System.nanoTime() < deadline && fences == fencesBefore && w.isAlive()) {
      Thread.sleep(200);
      fences = WorkerPool.lastMetric(w, "fences");
    }
    log(kind, "w" + slot, "SIGSTOP " + howLong.toMillis() + " ms; fences of this worker "
        + fencesBefore + " -> " + fences + (w.isAlive() ? "" : "; it DIED"));
  }

  private void brokerKill() throws InterruptedException {
    int node = cluster.nodeIds().get(random.nextInt(cluster.size()));
    cluster.kill(node);
    long down = System.nanoTime();
    pause(1_000, 4_000);
    cluster.start(node);
    log(FaultKind.BROKER_KILL, "broker", String.format("node %d down %.1f s (restart included)",
        node, (System.nanoTime() - down) / 1e9));
  }

  private void crashPoint() throws InterruptedException {
    int slot = anyRunning();
    ForkedJvm w = pool.get(slot);
    w.send("ARM");
    boolean fired = w.await(l -> l.startsWith("CRASH_POINT"), Duration.ofSeconds(20));
    pool.kill(slot);
    log(FaultKind.CRASH_AFTER_OFFSET_COMMIT, "w" + slot, fired
        ? "halted right after a consumer offset commit" : "crash point never fired (killed)");
    pause(300, 1_500);
    pool.start(slot);
  }

  private void rollingUpgrade() throws InterruptedException {
    pool.upgrade();
    List<String> steps = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      boolean clean = pool.stop(slot);
      ForkedJvm w = pool.start(slot);
      boolean running = w.await(l -> l.equals("STATE RUNNING"), Duration.ofSeconds(60));
      steps.add("w" + slot + (clean ? "" : " (stop forced)") + (running ? "" : " (NOT RUNNING "
          + "within 60 s)"));
      pause(1_000, 3_000);
    }
    log(FaultKind.ROLLING_UPGRADE, "all", "restarted on version 2 one by one: " + steps);
  }

  private void stateWipe() throws InterruptedException {
    int slot = anyRunning();
    boolean clean = pool.stop(slot);
    pool.wipe(slot);
    log(FaultKind.STATE_WIPE, "w" + slot, "state dir deleted after "
        + (clean ? "a clean stop" : "a stop that had to be forced"));
    pool.start(slot);
  }
}
