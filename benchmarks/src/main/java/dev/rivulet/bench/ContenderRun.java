package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One contender JVM consuming one input topic, with the harness's view of it: when it started,
 * its CPU and the broker's since then, whether its group committed the input's end offsets.
 */
final class ContenderRun implements AutoCloseable {
  private final Workbench bench;
  private final ContenderArgs args;
  private final ChildJvm jvm;
  private final long startNanos;
  private final long startCpu;
  private final long startBrokerCpu;
  private final long startJit;
  private final long startBrokerJit;
  private final long startBusy;
  private final long startSelf;
  /** When the harness first saw a committed input offset (0 = not yet). */
  private long firstCommitNanos;

  private ContenderRun(Workbench bench, ContenderArgs args, boolean awaitQuiet) {
    this.bench = bench;
    this.args = args;
    if (awaitQuiet) {
      bench.awaitQuiet();
    }
    this.jvm = ChildJvm.start(args.contender().id(), bench.options().contenderJvmArgs(),
        ContenderMain.class, args.toArgs());
    jvm.awaitPrefix("STARTED", Duration.ofSeconds(60));
    startNanos = System.nanoTime();
    startCpu = jvm.cpuNanos();
    startBrokerCpu = bench.brokerCpuNanos();
    startJit = jvm.jitCpuNanos();
    startBrokerJit = bench.brokerJitCpuNanos();
    startBusy = MachineLoad.busyNanos();
    startSelf = MachineLoad.selfNanos();
  }

  /** Starts a contender on {@code input}, writing to {@code output}, with its own state dir. */
  static ContenderRun start(Workbench bench, Contender contender, String appId, String input,
      String output, Path stateDir, Map<String, String> extra) {
    return start(bench, contender, appId, input, output, stateDir, extra, true);
  }

  /**
   * As above; {@code awaitQuiet=false} starts at once, without waiting for a quiet machine (an
   * instance joining a running group: the group's other instances are not foreign load).
   */
  static ContenderRun start(Workbench bench, Contender contender, String appId, String input,
      String output, Path stateDir, Map<String, String> extra, boolean awaitQuiet) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("commitMs", Integer.toString(bench.options().commitMs()));
    bench.options().clientProperties().forEach((k, v) -> options.put("kafka." + k, v));
    options.putAll(extra);
    return new ContenderRun(bench, new ContenderArgs(contender, bench.bootstrap(), appId, input,
        output, stateDir, options), awaitQuiet);
  }

  ContenderArgs args() {
    return args;
  }

  ChildJvm jvm() {
    return jvm;
  }

  /**
   * Waits until the group committed {@code endOffsets} on the input (outputs and offsets commit
   * together under EOS; at-least-once flushes outputs before committing), polling every 50 ms.
   */
  Sample awaitCommitted(long endOffsets, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long committed;
    while ((committed = bench.ops().committedSum(args.appId(), args.input())) < endOffsets) {
      if (committed > 0 && firstCommitNanos == 0) {
        firstCommitNanos = System.nanoTime();
      }
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(args.contender().id() + " did not finish within "
            + timeout + "; committed " + bench.ops().committedSum(args.appId(), args.input())
            + " of " + endOffsets);
      }
      ChildJvm.sleep(Duration.ofMillis(50));
    }
    return sample();
  }

  /** Elapsed time and CPU since the contender printed STARTED. */
  Sample sample() {
    long wall = System.nanoTime() - startNanos;
    long cpu = jvm.cpuNanos() - startCpu;
    long broker = bench.brokerCpuNanos() - startBrokerCpu;
    long foreign = (MachineLoad.busyNanos() - startBusy) - cpu - broker
        - (MachineLoad.selfNanos() - startSelf);
    long firstCommit = firstCommitNanos == 0 ? wall : firstCommitNanos - startNanos;
    return new Sample(wall, cpu, broker, Math.max(0, foreign) / (double) wall, firstCommit,
        delta(jvm.jitCpuNanos(), startJit), delta(bench.brokerJitCpuNanos(), startBrokerJit));
  }

  private static long delta(long now, long start) {
    return now < 0 || start < 0 ? -1 : now - start;
  }

  void checkAlive() {
    if (!jvm.isAlive() || jvm.lines().stream().anyMatch(l -> l.startsWith("FATAL"))) {
      throw new IllegalStateException(args.contender().id() + " failed: " + jvm.lines());
    }
  }

  /** Waits for {@code TASKS_RUNNING}; returns {@code [startToRunningMs, restoreMs, restored]}. */
  long[] awaitTasksRunning(Duration timeout) {
    String[] f = jvm.awaitPrefix("TASKS_RUNNING", timeout).split(" ");
    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
  }

  /** Stops the contender cleanly; fails if it did not print CLOSED. */
  void stop() {
    jvm.stop(Duration.ofSeconds(90));
    if (!jvm.lines().contains("CLOSED")) {
      throw new IllegalStateException(args.contender().id() + " did not close cleanly: "
          + jvm.lines());
    }
  }

  void kill() {
    jvm.kill();
  }

  @Override
  public void close() {
    jvm.close();
  }

  /**
   * Wall time and CPU of the contender and of the broker over one interval, the average number
   * of cores other processes of the machine used meanwhile (noise), and when the harness first
   * saw a committed input offset (start-up: JVM warm-up, group join, first commit); the CPU of
   * the contender's and the broker's JIT compiler threads over the interval (-1 if unknown).
   */
  record Sample(long wallNanos, long cpuNanos, long brokerCpuNanos, double foreignCores,
      long firstCommitNanos, long jitNanos, long brokerJitNanos) {}
}
