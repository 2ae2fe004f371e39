package dev.rivulet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * End-to-end latency of the exactly-once contenders (and raw-alos, the floor: no transaction
 * to wait for) at a fixed input rate (default: 50% of each
 * contender's measured throughput median): the harness produces paced records stamped with the
 * send time and reads the output {@code read_committed}; latency = receive time - input
 * timestamp (every contender stamps outputs with the input's timestamp). Records sent during the
 * warm-up are not recorded. Millisecond resolution (record timestamps are milliseconds).
 */
final class LatencyBenchmark {
  private final Workbench bench;
  private final @Nullable ThroughputBenchmark throughput;

  LatencyBenchmark(Workbench bench, @Nullable ThroughputBenchmark throughput) {
    this.bench = bench;
    this.throughput = throughput;
  }

  record Result(double rate, long count, double p50, double p99, double p999, double max,
      double foreignCores) {}

  private double rateOf(Contender c) {
    BenchOptions o = bench.options();
    double rate = o.latencyRates().containsKey(c) ? o.latencyRates().get(c)
        : o.latencyRate() > 0 ? o.latencyRate()
        : throughput == null ? Double.NaN : throughput.medianRate(c) / 2;
    if (Double.isNaN(rate)) {
      throw new IllegalArgumentException("latency needs --rates (or --rate), or the "
          + "throughput command before it in the same run");
    }
    return rate;
  }

  void run() {
    BenchOptions o = bench.options();
    // the exactly-once contenders, and raw-alos as the floor of the measuring chain itself
    List<Contender> contenders = o.contenders().stream()
        .filter(c -> c.exactlyOnce() || c == Contender.RAW_ALOS).toList();
    Map<Contender, List<Result>> results = new java.util.EnumMap<>(Contender.class);
    if (throughput == null) {
      // a fresh broker is slow until its JIT warms up (see ThroughputBenchmark): warm it first;
      // one pass is enough here, every latency run has its own warm-up as well
      for (int w = 0; w < Math.min(1, o.warmups()); w++) {
        for (Contender c : contenders) {
          Result r = once(c, rateOf(c), -1 - w);
          System.out.printf("warm-up %s (not reported): p99 %.0f ms%n", c.id(), r.p99());
        }
      }
    }
    for (int rep = 0; rep < o.reps(); rep++) {
      for (int i = 0; i < contenders.size(); i++) {
        Contender c = contenders.get((i + rep) % contenders.size());
        Result r = once(c, rateOf(c), rep);
        results.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
        System.out.printf("rep %d %s: %s%n", rep + 1, c.id(), r);
      }
    }
    System.out.println();
    System.out.println("## End-to-end latency (producer timestamp -> read_committed output; "
        + o.partitions() + " partitions, " + o.keys() + " keys " + o.keyDistribution()
        + ", commit interval " + o.commitMs() + " ms, " + o.latencySeconds() + " s measured after "
        + o.latencyWarmupSeconds() + " s warm-up, medians of " + o.reps() + " reps)");
    System.out.println("| contender | input records/s | p50 ms | p99 ms | p99.9 ms | max ms | "
        + "p99 / commit interval (target <= 1.3) | other processes, cores per rep |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
    results.forEach((c, rs) -> {
      double p99 = Stats.median(rs.stream().map(Result::p99).toList());
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s |%n", c.id(),
          Stats.fmt(Stats.median(rs.stream().map(Result::rate).toList()), 0),
          Stats.fmt(Stats.median(rs.stream().map(Result::p50).toList()), 0),
          Stats.fmt(p99, 0),
          Stats.fmt(Stats.median(rs.stream().map(Result::p999).toList()), 0),
          Stats.fmt(Stats.median(rs.stream().map(Result::max).toList()), 0),
          Stats.fmt(p99 / o.commitMs(), 2),
          Stats.list(rs.stream().map(Result::foreignCores).toList(), 2));
    });
    System.out.println();
  }

  private Result once(Contender c, double rate, int rep) {
    BenchOptions o = bench.options();
    String appId = bench.name("lat-" + c.id() + "-r" + (rep + 1));
    String input = appId + "-in";
    String output = appId + "-out";
    bench.ops().createTopics(o.partitions(), Map.of(), input, output);
    Path stateDir = bench.stateDir(appId);
    try (ContenderRun run = ContenderRun.start(bench, c, appId, input, output, stateDir,
        Map.of("tasks", Integer.toString(o.partitions())))) {
      run.awaitTasksRunning(Duration.ofMinutes(2));
      Histogram histogram = new Histogram(600_000, 3);
      long warmupEnd = System.currentTimeMillis() + o.latencyWarmupSeconds() * 1000L;
      long measureEnd = warmupEnd + o.latencySeconds() * 1000L;
      AtomicLong received = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader = new Thread(() -> read(output, warmupEnd, measureEnd, histogram, received,
          stop), "latency-reader");
      reader.start();
      long expected = produce(input, rate, warmupEnd, measureEnd, run);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.get() < expected && System.nanoTime() < deadline) {
        run.checkAlive();
        ChildJvm.sleep(Duration.ofMillis(50));
      }
      stop.set(true);
      join(reader);
      double foreign = run.sample().foreignCores();
      run.stop();
      synchronized (histogram) {
        if (received.get() < expected) {
          throw new IllegalStateException(c.id() + ": only " + received.get() + " of " + expected
              + " measured outputs arrived");
        }
        return new Result(rate, histogram.getTotalCount(), histogram.getValueAtPercentile(50),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
            histogram.getMaxValue(), foreign);
      }
    } finally {
      bench.ops().deleteTopicsStartingWith(appId);
      Workbench.deleteRecursively(stateDir);
    }
  }

  /** Sends at {@code rate} until {@code measureEnd}; returns how many were sent after warm-up. */
  private long produce(String topic, double rate, long warmupEnd, long measureEnd,
      ContenderRun run) {
    Properties p = InputLoader.producerProps(bench.bootstrap());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    KeyDistribution keys = KeyDistribution.parse(bench.options().keyDistribution(),
        bench.options().keys(), bench.options().seed());
    byte[] value = new byte[bench.options().valueBytes()];
    new SplittableRandom(1).nextBytes(value);
    long measured = 0;
    long sent = 0;
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      while (true) {
        long now = System.currentTimeMillis();
        if (now >= measureEnd) {
          break;
        }
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (sent < due) {
          long ts = System.currentTimeMillis();
          producer.send(new ProducerRecord<>(topic, null, ts, KeyDistribution.key(keys.next()),
              value));
          sent++;
          if (ts >= warmupEnd && ts < measureEnd) {
            measured++;
          }
        }
        if ((sent & 0xFFF) == 0) {
          run.checkAlive();
        }
        ChildJvm.sleep(Duration.ofMillis(1));
      }
      producer.flush();
    }
    return measured;
  }

  private void read(String topic, long from, long to, Histogram histogram, AtomicLong received,
      AtomicBoolean stop) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = new ArrayList<>();
      c.partitionsFor(topic).forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
      c.assign(tps);
      c.seekToBeginning(tps);
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          if (r.timestamp() >= from && r.timestamp() < to) {
            synchronized (histogram) {
              histogram.recordValue(Math.max(0, Math.min(now - r.timestamp(), 600_000)));
            }
            received.incrementAndGet();
          }
        }
      }
    }
  }

  private static void join(Thread t) {
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
