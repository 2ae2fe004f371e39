package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every contender consumes the same input from the start in its own JVM; finished = its group
 * committed the input's end offsets. Repetitions run the contenders side by side (one after the
 * other, the order rotated per repetition so no contender always runs first); reported values are
 * medians, ratios are medians of the per-repetition ratios. Warm-up passes of every contender
 * come first and are not reported: the first run against a fresh broker is slower for whoever
 * runs it (the broker's transaction and fetch paths are not compiled yet). After
 * {@code --warmups} passes, more follow (up to {@code --max-warmups}) while any contender's run
 * still kept the broker's JIT compilers busy for more than {@code --settled-jit} seconds: that
 * compile time shares the 2 cores with whichever contender runs, and is not its cost.
 */
final class ThroughputBenchmark {
  private final Workbench bench;
  private final Workload workload;
  private final int reps;
  private final int warmups;
  private final Map<Contender, List<Result>> results = new EnumMap<>(Contender.class);

  /** The throughput command: the options' workload, repetitions and warm-ups. */
  ThroughputBenchmark(Workbench bench) {
    this(bench, Workload.of(bench.options()), bench.options().reps(), bench.options().warmups());
  }

  /** Another workload on the same broker (the growth command), with its own counts. */
  ThroughputBenchmark(Workbench bench, Workload workload, int reps, int warmups) {
    this.bench = bench;
    this.workload = workload;
    this.reps = reps;
    this.warmups = warmups;
  }

  /** One contender run: throughput and CPU per million records. */
  record Result(double recordsPerSecond, double cpuSecondsPerMillion,
      double brokerCpuSecondsPerMillion, long outputs, double foreignCores, long firstCommitMs,
      double jitSeconds, double brokerJitSeconds) {}

  Map<Contender, List<Result>> run() {
    BenchOptions o = bench.options();
    String input = bench.loadInput("tp-in-" + workload.records() + "-" + workload.keys() + "-"
        + workload.valueBytes(), workload, o.partitions());
    try {
      measure(input);
    } finally {
      bench.ops().deleteTopic(input);
    }
    report();
    return results;
  }

  private void measure(String input) {
    BenchOptions o = bench.options();
    long end = bench.ops().endOffsetSum(input);
    List<Contender> contenders = o.contenders();
    // no warm-up at all only when none is asked for (a growth workload after the first)
    double busiestBrokerJit = warmups > 0 ? Double.MAX_VALUE : 0;
    for (int w = 0; w < warmups
        || (w < o.maxWarmups() && busiestBrokerJit > o.settledJitSeconds()); w++) {
      busiestBrokerJit = 0;
      for (Contender c : contenders) {
        Result r = runOnce(c, input, end, "w" + (w + 1));
        busiestBrokerJit = Math.max(busiestBrokerJit, r.brokerJitSeconds());
        System.out.printf("warm-up %-14s %,10.0f records/s  broker JIT %5.2f s (not reported)%n",
            c.id(), r.recordsPerSecond(), r.brokerJitSeconds());
      }
    }
    for (int rep = 0; rep < reps; rep++) {
      for (int i = 0; i < contenders.size(); i++) {
        Contender c = contenders.get((i + rep) % contenders.size());
        Result r = runOnce(c, input, end, "r" + (rep + 1));
        results.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
        System.out.printf("rep %d %-14s %,10.0f records/s  %6.2f CPU-s/M (JIT %5.2f s)  broker"
            + " %6.2f CPU-s/M (JIT %5.2f s)  outputs %d  other processes %.2f cores"
            + "  first commit seen %d ms%n", rep + 1, c.id(), r.recordsPerSecond(),
            r.cpuSecondsPerMillion(), r.jitSeconds(), r.brokerCpuSecondsPerMillion(),
            r.brokerJitSeconds(), r.outputs(), r.foreignCores(), r.firstCommitMs());
      }
    }
  }

  private Result runOnce(Contender c, String input, long end, String label) {
    String appId = bench.name(c.id() + "-" + label);
    String output = appId + "-out";
    bench.ops().createTopics(bench.options().partitions(), InputLoader.noConfigs(), output);
    Path stateDir = bench.stateDir(appId);
    ContenderRun.Sample s;
    long outputs = -1;
    try (ContenderRun run = ContenderRun.start(bench, c, appId, input, output, stateDir,
        Map.of("tasks", Integer.toString(bench.options().partitions())))) {
      s = run.awaitCommitted(end, Duration.ofMinutes(20));
      if (bench.options().verify()) {
        outputs = bench.ops().countCommitted(output);
        boolean ok = c.exactlyOnce() ? outputs == end : outputs >= end;
        if (!ok) {
          throw new IllegalStateException(c.id() + " wrote " + outputs + " outputs for " + end
              + " inputs");
        }
      }
      run.stop();
    } finally {
      bench.ops().deleteTopicsStartingWith(appId);
      Workbench.deleteRecursively(stateDir);
    }
    double millions = end / 1e6;
    return new Result(end / (s.wallNanos() / 1e9), s.cpuNanos() / 1e9 / millions,
        s.brokerCpuNanos() / 1e9 / millions, outputs, s.foreignCores(),
        s.firstCommitNanos() / 1_000_000, s.jitNanos() / 1e9, s.brokerJitNanos() / 1e9);
  }

  /** Median records/s of a contender, or NaN if it did not run. */
  double medianRate(Contender c) {
    List<Result> r = results.get(c);
    return r == null ? Double.NaN : Stats.median(r.stream().map(Result::recordsPerSecond).toList());
  }

  /** Median CPU-seconds per million records of a contender, or NaN if it did not run. */
  double medianCpu(Contender c) {
    List<Result> r = results.get(c);
    return r == null ? Double.NaN
        : Stats.median(r.stream().map(Result::cpuSecondsPerMillion).toList());
  }

  private void report() {
    System.out.println();
    System.out.println("## Throughput (" + workload.describe(bench.options()) + ", " + reps
        + " reps)");
    System.out.println("| contender | records/s (median) | CPU-s per 1M records | broker CPU-s per 1M"
        + " | records/s per rep | broker JIT CPU-s per rep | other processes, cores per rep |");
    System.out.println("|---|---:|---:|---:|---|---|---|");
    for (Map.Entry<Contender, List<Result>> e : results.entrySet()) {
      List<Result> r = e.getValue();
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", e.getKey().id(),
          Stats.fmt(Stats.median(r.stream().map(Result::recordsPerSecond).toList()), 0),
          Stats.fmt(Stats.median(r.stream().map(Result::cpuSecondsPerMillion).toList()), 2),
          Stats.fmt(Stats.median(r.stream().map(Result::brokerCpuSecondsPerMillion).toList()), 2),
          Stats.list(r.stream().map(Result::recordsPerSecond).toList(), 0),
          Stats.list(r.stream().map(Result::brokerJitSeconds).toList(), 2),
          Stats.list(r.stream().map(Result::foreignCores).toList(), 2));
    }
    System.out.println();
    System.out.println("| ratio (median of per-rep ratios) | throughput | CPU per record | target |");
    System.out.println("|---|---:|---:|---|");
    ratio("rivulet-eos / kstreams-eos", Contender.RIVULET_EOS, Contender.STREAMS_EOS, ">= 1.5");
    ratio("rivulet-eos / kstreams-eos-tx", Contender.RIVULET_EOS, Contender.STREAMS_EOS_TX,
        "throughput >= 2, CPU <= 0.5");
    ratio("rivulet-eos / raw-eos", Contender.RIVULET_EOS, Contender.RAW_EOS, "CPU <= 1.5");
    ratio("rivulet-eos / raw-eos-changelog", Contender.RIVULET_EOS, Contender.RAW_EOS_CHANGELOG,
        "-");
    ratio("raw-eos-changelog / raw-eos", Contender.RAW_EOS_CHANGELOG, Contender.RAW_EOS, "-");
    ratio("kstreams-eos-tx / raw-eos-changelog", Contender.STREAMS_EOS_TX,
        Contender.RAW_EOS_CHANGELOG, "-");
    ratio("rivulet-eos / raw-alos", Contender.RIVULET_EOS, Contender.RAW_ALOS, ">= 0.5");
    ratio("rivulet-eos / rivulet-alos", Contender.RIVULET_EOS, Contender.RIVULET_ALOS, ">= 0.9");
    ratio("rivulet-alos / kstreams-alos", Contender.RIVULET_ALOS, Contender.STREAMS_ALOS, "-");
    ratio("raw-eos / raw-alos", Contender.RAW_EOS, Contender.RAW_ALOS, "-");
    System.out.println();
  }

  private void ratio(String label, Contender a, Contender b, String target) {
    List<Result> ra = results.get(a);
    List<Result> rb = results.get(b);
    if (ra == null || rb == null) {
      return;
    }
    List<Double> tp = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
      tp.add(ra.get(i).recordsPerSecond() / rb.get(i).recordsPerSecond());
      cpu.add(ra.get(i).cpuSecondsPerMillion() / rb.get(i).cpuSecondsPerMillion());
    }
    System.out.printf("| %s | %s %s | %s | %s |%n", label, Stats.fmt(Stats.median(tp), 2),
        Stats.list(tp, 2), Stats.fmt(Stats.median(cpu), 2), target);
  }
}
