package dev.rivulet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The nemesis's faults on workers: kills (mid-stream, during a restore, during a rebalance, right
 * after an offset commit), clean stops, scaling, SIGSTOP pauses (zombies, transaction timeouts),
 * state wipes and the rolling upgrade. Each one reports what it did through the nemesis's log.
 */
final class WorkerFaults {
  /** Where a fault reports what it did. */
  @FunctionalInterface
  interface Log {
    void done(FaultKind kind, String target, String detail);
  }

  private final WorkerPool pool;
  private final ChaosProfile profile;
  private final Random random;
  private final BooleanSupplier inputFlowing;
  private final Log log;

  WorkerFaults(WorkerPool pool, ChaosProfile profile, Random random, BooleanSupplier inputFlowing,
      Log log) {
    this.pool = pool;
    this.profile = profile;
    this.random = random;
    this.inputFlowing = inputFlowing;
    this.log = log;
  }

  /** Carries out a fault on the workers. */
  void run(FaultKind kind) throws InterruptedException {
    switch (kind) {
      case KILL_MID_STREAM -> killMidStream();
      case KILL_DURING_RESTORE -> killDuringRestore();
      case KILL_DURING_REBALANCE -> killDuringRebalance();
      case CLEAN_STOP -> cleanStop();
      case SCALE_UP -> scale(true);
      case SCALE_DOWN -> scale(false);
      case ZOMBIE -> suspend(kind, ClientTimeouts.RUN.zombiePause());
      case TXN_TIMEOUT_PAUSE -> suspend(kind, ClientTimeouts.RUN.transactionPause());
      case STATE_WIPE -> stateWipe();
      case ROLLING_UPGRADE -> rollingUpgrade();
      case CRASH_AFTER_OFFSET_COMMIT -> crashPoint();
      default -> throw new IllegalArgumentException(kind + " is not a worker fault");
    }
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
  int busyWorker() throws InterruptedException {
    List<Integer> busy = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      if (w.request("TASKS", "TASKS ", Duration.ofSeconds(10))
          .filter(tasks -> tasks.contains(":RUNNING")).isPresent()) {
        busy.add(slot);
      }
    }
    return busy.isEmpty() ? anyRunning() : busy.get(random.nextInt(busy.size()));
  }

  private void pause(long minMillis, long maxMillis) throws InterruptedException {
    Thread.sleep(minMillis + (long) (random.nextDouble() * (maxMillis - minMillis)));
  }

  private void killMidStream() throws InterruptedException {
    int slot = anyRunning();
    boolean flowing = inputFlowing.getAsBoolean();
    pool.kill(slot);
    log.done(FaultKind.KILL_MID_STREAM, "w" + slot, flowing ? "input flowing" : "input finished");
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
          log.done(FaultKind.KILL_DURING_RESTORE, "w" + slot,
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
    log.done(FaultKind.KILL_MID_STREAM, "w" + victim,
        "planned during a restore, but none was seen within 30 s");
    pool.start(victim);
  }

  /** Whether the worker reported a non-empty restore it has not finished. */
  private static boolean restoring(ForkedJvm w) {
    Map<String, Boolean> open = new HashMap<>();
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
    log.done(FaultKind.KILL_DURING_REBALANCE, "w" + victim, "just after " + trigger);
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
    log.done(FaultKind.CLEAN_STOP, "w" + slot, clean ? "closed cleanly" : "DID NOT STOP within 60 s");
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
      log.done(up ? FaultKind.SCALE_UP : FaultKind.SCALE_DOWN, "w" + slot, n + " -> " + (n + 1));
    } else {
      int slot = anyRunning();
      boolean clean = pool.stop(slot);
      log.done(FaultKind.SCALE_DOWN, "w" + slot, n + " -> " + (n - 1)
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
    long fences = WorkerPool.awaitFence(w, fencesBefore, Duration.ofSeconds(10));
    log.done(kind, "w" + slot, "SIGSTOP " + howLong.toMillis() + " ms; fences of this worker "
        + fencesBefore + " -> " + fences + (w.isAlive() ? "" : "; it DIED"));
  }

  private void crashPoint() throws InterruptedException {
    int slot = anyRunning();
    ForkedJvm w = pool.get(slot);
    w.send("ARM");
    boolean fired = w.await(l -> l.startsWith("CRASH_POINT"), Duration.ofSeconds(20));
    pool.kill(slot);
    log.done(FaultKind.CRASH_AFTER_OFFSET_COMMIT, "w" + slot, fired
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
    log.done(FaultKind.ROLLING_UPGRADE, "all", "restarted on version 2 one by one: " + steps);
  }

  private void stateWipe() throws InterruptedException {
    int slot = anyRunning();
    boolean clean = pool.stop(slot);
    pool.wipe(slot);
    log.done(FaultKind.STATE_WIPE, "w" + slot, "state dir deleted after "
        + (clean ? "a clean stop" : "a stop that had to be forced"));
    pool.start(slot);
  }
}
