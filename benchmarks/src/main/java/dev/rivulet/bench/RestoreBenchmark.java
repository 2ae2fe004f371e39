package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Full restore of one Rivulet store with {@code --restore-keys} keys on an empty state dir, vs a
 * raw consumer reading the same changelog. The changelog is written directly (key = the String
 * key's bytes, value = the count as 8 bytes, partitioned like the input), so Rivulet starts with a
 * complete changelog and an empty input.
 */
final class RestoreBenchmark {
  private final Workbench bench;

  RestoreBenchmark(Workbench bench) {
    this.bench = bench;
  }

  void run() {
    BenchOptions o = bench.options();
    String appId = bench.name("restore");
    String input = appId + "-in";
    String output = appId + "-out";
    String changelog = appId + "-" + RivuletCount.PROCESSOR + "-" + RivuletCount.COUNT.name()
        + "-changelog";
    bench.ops().createTopics(o.partitions(), Map.of(), input, output);
    bench.ops().createTopics(o.partitions(),
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), changelog);
    long loadMs = writeChangelog(changelog, o.restoreKeys());
    System.out.printf("wrote %s: %d keys in %d ms%n", changelog, o.restoreKeys(), loadMs);
    List<Double> rivuletRate = new ArrayList<>();
    List<Double> rivuletStartRate = new ArrayList<>();
    List<Double> rivuletCpu = new ArrayList<>();
    List<Double> rawRate = new ArrayList<>();
    List<Double> rawCpu = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int rep = 0; rep < o.reps(); rep++) {
      long[] r = restoreOnce(appId, input, output, rivuletCpu);
      double rate = r[2] / (r[1] / 1000.0);
      rivuletRate.add(rate);
      rivuletStartRate.add(r[2] / (r[0] / 1000.0));
      double raw = rawRead(changelog, rawCpu);
      rawRate.add(raw);
      ratios.add(rate / raw);
      System.out.printf("rep %d restore: %d records, start->running %d ms, restore %d ms "
          + "(%,.0f records/s); raw read %,.0f records/s%n", rep + 1, r[2], r[0], r[1], rate, raw);
    }
    bench.ops().deleteTopicsStartingWith(appId);
    System.out.println();
    System.out.println("## Restore (" + o.restoreKeys() + " keys, " + o.partitions()
        + " partitions, empty state dir, " + o.reps() + " reps)");
    System.out.println("| what | records/s (median) | per rep |");
    System.out.println("|---|---:|---|");
    System.out.printf("| Rivulet restore (first onRestoreStart -> last onRestoreEnd) | %s | %s |%n",
        Stats.fmt(Stats.median(rivuletRate), 0), Stats.list(rivuletRate, 0));
    System.out.printf("| Rivulet start() -> all tasks RUNNING | %s | %s |%n",
        Stats.fmt(Stats.median(rivuletStartRate), 0), Stats.list(rivuletStartRate, 0));
    System.out.printf("| raw consumer, whole changelog | %s | %s |%n",
        Stats.fmt(Stats.median(rawRate), 0), Stats.list(rawRate, 0));
    System.out.printf("| ratio Rivulet restore / raw read (target >= 0.6) | %s | %s |%n",
        Stats.fmt(Stats.median(ratios), 2), Stats.list(ratios, 2));
    System.out.printf("| Rivulet CPU-s per 1M restored records (STARTED to all RUNNING) "
        + "| %s | %s |%n",
        Stats.fmt(Stats.median(rivuletCpu), 2), Stats.list(rivuletCpu, 2));
    System.out.printf("| raw read CPU-s per 1M records (STARTED to end) | %s | %s |%n",
        Stats.fmt(Stats.median(rawCpu), 2), Stats.list(rawCpu, 2));
    System.out.println();
  }

  private long writeChangelog(String topic, long keys) {
    Properties p = InputLoader.producerProps(bench.bootstrap());
    p.put("value.serializer", LongSerializer.class);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<String, Long> producer = new KafkaProducer<>(p)) {
      for (long i = 0; i < keys; i++) {
        producer.send(new ProducerRecord<>(topic, KeyDistribution.key((int) i), i + 1), (md, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Writing " + topic + " failed", failure.get());
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Returns {@code [startToRunningMs, restoreMs, restored]}. */
  private long[] restoreOnce(String appId, String input, String output, List<Double> cpu) {
    Path stateDir = bench.stateDir("restore");
    try (ContenderRun run = ContenderRun.start(bench, Contender.RIVULET_EOS, appId, input, output,
        stateDir, Map.of("tasks", Integer.toString(bench.options().partitions())))) {
      long[] r = run.awaitTasksRunning(Duration.ofMinutes(20));
      cpu.add(run.sample().cpuNanos() / 1e9 / (r[2] / 1e6));
      run.stop();
      return r;
    } finally {
      Workbench.deleteRecursively(stateDir);
    }
  }

  private double rawRead(String topic, List<Double> cpu) {
    bench.awaitQuiet();
    try (ChildJvm reader = ChildJvm.start("raw-read", bench.options().contenderJvmArgs(),
        TopicReadMain.class, List.of(bench.bootstrap(), topic))) {
      reader.awaitPrefix("STARTED", Duration.ofMinutes(1));
      long cpu0 = reader.cpuNanos();
      String[] f = reader.awaitPrefix("READ ", Duration.ofMinutes(20)).split(" ");
      long records = Long.parseLong(f[0]);
      cpu.add((reader.cpuNanos() - cpu0) / 1e9 / (records / 1e6));
      reader.stop(Duration.ofSeconds(30));
      return records / (Long.parseLong(f[1]) / 1000.0);
    }
  }
}
