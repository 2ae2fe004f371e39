package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restart cost: an exactly-once contender is SIGKILLed once its group committed half of the input,
 * restarted on the same state dir (changelog records replayed = sum of its restore-end counts),
 * run to the end (the output is checked to hold exactly one record per input), stopped cleanly
 * and restarted once more (a clean restart should replay nothing).
 */
final class CrashBenchmark {
  private final Workbench bench;

  CrashBenchmark(Workbench bench) {
    this.bench = bench;
  }

  /** One crash-and-restart cycle of one contender. */
  record Result(long changelogAtKill, long replayedAfterKill, long restartAfterKillMs,
      long replayedAfterCleanStop, long restartAfterCleanStopMs, long outputs) {}

  void run() {
    BenchOptions o = bench.options();
    String input = bench.loadInput("crash-in", o.records(), o.partitions());
    long end = bench.ops().endOffsetSum(input);
    Map<Contender, List<Result>> results = new java.util.EnumMap<>(Contender.class);
    for (int rep = 0; rep < o.reps(); rep++) {
      for (Contender c : List.of(Contender.RIVULET_EOS, Contender.STREAMS_EOS)) {
        Result r = crashOnce(c, input, end, rep);
        results.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
        System.out.printf("rep %d %s: %s%n", rep + 1, c.id(), r);
      }
    }
    System.out.println();
    System.out.println("## Restart after SIGKILL at 50% (" + o.workload() + ")");
    System.out.println("| contender | changelog end offsets at kill | replayed after SIGKILL | "
        + "restart->running ms | replayed after clean stop | restart->running ms | outputs "
        + "(= inputs) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    results.forEach((c, rs) -> System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", c.id(),
        med(rs, Result::changelogAtKill), med(rs, Result::replayedAfterKill),
        med(rs, Result::restartAfterKillMs), med(rs, Result::replayedAfterCleanStop),
        med(rs, Result::restartAfterCleanStopMs), med(rs, Result::outputs)));
    System.out.println("(medians of " + o.reps() + " reps)");
    System.out.println();
    bench.ops().deleteTopicsStartingWith(input);
  }

  private static String med(List<Result> rs, java.util.function.ToLongFunction<Result> f) {
    return Stats.fmt(Stats.median(rs.stream().map(r -> (double) f.applyAsLong(r)).toList()), 0);
  }

  private Result crashOnce(Contender c, String input, long end, int rep) {
    String appId = bench.name("crash-" + c.id() + "-r" + (rep + 1));
    String output = appId + "-out";
    bench.ops().createTopics(bench.options().partitions(), Map.of(), output);
    Path stateDir = bench.stateDir(appId);
    // a killed member holds its partitions until its session times out: 6 s (the broker's
    // minimum) for both contenders, instead of the 45 s default
    Map<String, String> extra = Map.of("tasks", Integer.toString(bench.options().partitions()),
        "sessionTimeoutMs", "6000");
    try {
      try (ContenderRun first = ContenderRun.start(bench, c, appId, input, output, stateDir,
          extra)) {
        first.awaitCommitted(end / 2, Duration.ofMinutes(20));
        first.kill();
      }
      long changelogAtKill = changelogRecords(appId);
      long[] afterKill;
      long outputs;
      try (ContenderRun second = ContenderRun.start(bench, c, appId, input, output, stateDir,
          extra)) {
        afterKill = second.awaitTasksRunning(Duration.ofMinutes(20));
        second.awaitCommitted(end, Duration.ofMinutes(20));
        second.stop();
      }
      outputs = bench.ops().countCommitted(output);
      if (outputs != end) {
        throw new IllegalStateException(c.id() + " broke exactly-once across SIGKILL: " + outputs
            + " outputs for " + end + " inputs");
      }
      long[] afterClean;
      try (ContenderRun third = ContenderRun.start(bench, c, appId, input, output, stateDir,
          extra)) {
        afterClean = third.awaitTasksRunning(Duration.ofMinutes(20));
        third.stop();
      }
      return new Result(changelogAtKill, afterKill[2], afterKill[0], afterClean[2], afterClean[0],
          outputs);
    } finally {
      bench.ops().deleteTopicsStartingWith(appId);
      Workbench.deleteRecursively(stateDir);
    }
  }

  /** Records (offsets) in the contender's count-store changelog. */
  private long changelogRecords(String appId) {
    String rivulet = appId + "-" + RivuletCount.PROCESSOR + "-" + RivuletCount.COUNT.name()
        + "-changelog";
    String streams = appId + "-" + StreamsCount.STORE + "-changelog";
    try {
      return bench.ops().endOffsetSum(rivulet);
    } catch (IllegalStateException e) {
      return bench.ops().endOffsetSum(streams);
    }
  }
}
