package dev.rivulet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the cost per record grows with the size of the state: the throughput job (count per key,
 * one output per input) over several workloads on the same broker, one after the other: each
 * of {@code --growth-keys} with the default value size, then {@code --keys} keys with
 * {@code --growth-value-bytes}-byte values. A workload gets {@code max(--records, keys)} records
 * so that the largest key counts really fill the store (10M keys: far beyond the 64 MB block
 * cache). Each workload runs like the throughput command (interleaved repetitions, medians); the
 * first one also gets the broker warm-up, the others none: the broker is warm by then and every
 * contender run starts a new JVM anyway. The report gives each contender's median CPU-seconds per million records and
 * records/s per workload, and the growth relative to the first workload.
 */
final class GrowthBenchmark {
  private final Workbench bench;

  GrowthBenchmark(Workbench bench) {
    this.bench = bench;
  }

  void run() {
    BenchOptions o = bench.options();
    Map<Workload, ThroughputBenchmark> runs = new LinkedHashMap<>();
    for (Workload w : workloads(o)) {
      ThroughputBenchmark run = new ThroughputBenchmark(bench, w, o.growthReps(),
          runs.isEmpty() ? o.warmups() : 0);
      run.run();
      runs.put(w, run);
    }
    report(runs);
  }

  /** The workloads of a growth run, in the order they run. */
  static List<Workload> workloads(BenchOptions o) {
    List<Workload> out = new ArrayList<>();
    for (int keys : o.growthKeys()) {
      out.add(new Workload(Math.max(o.records(), keys), keys, o.valueBytes()));
    }
    if (o.growthValueBytes() > 0) {
      out.add(new Workload(Math.max(o.records(), o.keys()), o.keys(), o.growthValueBytes()));
    }
    return out;
  }

  private void report(Map<Workload, ThroughputBenchmark> runs) {
    BenchOptions o = bench.options();
    List<Workload> ws = List.copyOf(runs.keySet());
    System.out.println();
    System.out.println("## Growth with state size (" + o.keyDistribution() + " keys, "
        + o.partitions() + " partitions, commit interval " + o.commitMs() + " ms, medians of "
        + o.growthReps() + " reps)");
    System.out.println("CPU-s per 1M records of the contender process, records/s, and in"
        + " brackets the CPU per record relative to the first workload.");
    StringBuilder head = new StringBuilder("| contender |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Workload w : ws) {
      head.append(' ').append(w.label()).append(" (").append(w.records() / 1000).append("k rec) |");
      rule.append("---:|");
    }
    System.out.println(head);
    System.out.println(rule);
    for (Contender c : o.contenders()) {
      double base = runs.get(ws.get(0)).medianCpu(c);
      StringBuilder row = new StringBuilder("| " + c.id() + " |");
      for (Workload w : ws) {
        double cpu = runs.get(w).medianCpu(c);
        row.append(String.format(Locale.ROOT, " %s, %s/s (%s×) |", Stats.fmt(cpu, 2),
            Stats.fmt(runs.get(w).medianRate(c), 0), Stats.fmt(cpu / base, 2)));
      }
      System.out.println(row);
    }
    ratioRow(runs, ws, Contender.RIVULET_EOS, Contender.STREAMS_EOS_TX, "CPU <= 0.5");
    ratioRow(runs, ws, Contender.RIVULET_EOS, Contender.RAW_EOS, "CPU <= 1.5");
    ratioRow(runs, ws, Contender.RIVULET_EOS, Contender.STREAMS_EOS_TX_BOUNDED,
        "both on Rivulet's memory");
    ratioRow(runs, ws, Contender.RIVULET_EOS_STREAMS_MEMORY, Contender.STREAMS_EOS_TX,
        "both on Kafka Streams' memory");
    System.out.println();
  }

  private void ratioRow(Map<Workload, ThroughputBenchmark> runs, List<Workload> ws, Contender a,
      Contender b, String target) {
    if (!bench.options().contenders().containsAll(List.of(a, b))) {
      return;
    }
    StringBuilder row = new StringBuilder("| CPU " + a.id() + " / " + b.id() + " (" + target
        + ") |");
    for (Workload w : ws) {
      row.append(' ').append(Stats.fmt(runs.get(w).medianCpu(a) / runs.get(w).medianCpu(b), 2))
          .append(" |");
    }
    System.out.println(row);
  }
}
