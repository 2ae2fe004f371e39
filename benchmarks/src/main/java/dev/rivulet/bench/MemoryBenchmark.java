package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Memory of one instance as the partition count grows: each exactly-once count contender (at its
 * default memory settings, in a JVM with the harness's contender JVM options) processes
 * {@code --memory-records} records over {@code --partitions} and then {@code --memory-partitions}
 * partitions. Reported: peak RSS while processing (sampled every 200 ms), RSS and heap after a
 * GC at the end, and time to process. One run per configuration.
 */
final class MemoryBenchmark {
  private final Workbench bench;

  MemoryBenchmark(Workbench bench) {
    this.bench = bench;
  }

  record Result(Contender contender, int partitions, long peakRss, long endRss, long heapUsed,
      double seconds) {}

  void run() {
    BenchOptions o = bench.options();
    List<Result> results = new ArrayList<>();
    List<Contender> contenders = o.contenders().stream()
        .filter(c -> c == Contender.RIVULET_EOS || c == Contender.STREAMS_EOS).toList();
    for (int partitions : List.of(o.partitions(), o.memoryPartitions())) {
      String input = bench.loadInput("mem-in-" + partitions, o.memoryRecords(), partitions);
      long end = bench.ops().endOffsetSum(input);
      for (Contender c : contenders) {
        Result r = once(c, input, end, partitions);
        results.add(r);
        System.out.printf("%s %d partitions: %s%n", c.id(), partitions, r);
      }
      bench.ops().deleteTopicsStartingWith(input);
    }
    System.out.println();
    System.out.println("## Memory (" + o.memoryRecords() + " records, " + o.keys() + " keys, "
        + "default memory settings, contender JVM " + o.contenderJvmArgs() + ", one run each)");
    System.out.println("| contender | partitions (tasks) | peak RSS MiB | RSS after GC MiB | heap "
        + "used after GC MiB | seconds to process |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf("| %s | %d | %d | %d | %d | %s |%n", r.contender().id(), r.partitions(),
          r.peakRss() >> 20, r.endRss() >> 20, r.heapUsed() >> 20, Stats.fmt(r.seconds(), 1));
    }
    System.out.println();
  }

  private Result once(Contender c, String input, long end, int partitions) {
    String appId = bench.name("mem-" + c.id() + "-" + partitions);
    String output = appId + "-out";
    bench.ops().createTopics(partitions, Map.of(), output);
    Path stateDir = bench.stateDir(appId);
    try (ContenderRun run = ContenderRun.start(bench, c, appId, input, output, stateDir,
        Map.of("tasks", Integer.toString(partitions)))) {
      long peak = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (bench.ops().committedSum(appId, input) < end) {
        run.checkAlive();
        peak = Math.max(peak, run.jvm().rssBytes());
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(c.id() + " did not finish in 30 minutes");
        }
        ChildJvm.sleep(Duration.ofMillis(200));
      }
      double seconds = run.sample().wallNanos() / 1e9;
      peak = Math.max(peak, run.jvm().rssBytes());
      run.jvm().send("HEAP");
      String[] heap = run.jvm().await(l -> l.startsWith("HEAP "), Duration.ofSeconds(60))
          .split(" ");
      long rss = run.jvm().rssBytes();
      run.stop();
      return new Result(c, partitions, peak, rss, Long.parseLong(heap[1]), seconds);
    } finally {
      bench.ops().deleteTopicsStartingWith(appId);
      Workbench.deleteRecursively(stateDir);
    }
  }
}
