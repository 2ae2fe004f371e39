package dev.rivulet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What every benchmark of one harness run shares: the broker JVM, an admin connection, the
 * options, a scratch directory for state dirs. Closing it stops the broker.
 */
final class Workbench implements AutoCloseable {
  private final BenchOptions options;
  private final ChildJvm broker;
  private final KafkaOps ops;
  private final Path scratch;
  private final String runId = UUID.randomUUID().toString().substring(0, 6);

  Workbench(BenchOptions options) {
    this.options = options;
    this.broker = ChildJvm.start("broker", options.brokerJvmArgs(), BrokerMain.class, List.of());
    String bootstrap = broker.awaitPrefix("BOOTSTRAP ", Duration.ofSeconds(120));
    this.ops = new KafkaOps(bootstrap);
    try {
      this.scratch = Files.createTempDirectory("rivulet-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  BenchOptions options() {
    return options;
  }

  KafkaOps ops() {
    return ops;
  }

  String bootstrap() {
    return ops.bootstrap();
  }

  /** CPU the broker JVM used so far. */
  long brokerCpuNanos() {
    return broker.cpuNanos();
  }

  /** CPU the broker JVM's JIT compiler threads used so far (-1 if unknown). */
  long brokerJitCpuNanos() {
    return broker.jitCpuNanos();
  }

  /**
   * Before a measured run: waits (at most {@code --quiet-wait} seconds) until other processes on
   * the machine use less than {@code --quiet-cores}; prints a note when they did not calm down.
   */
  void awaitQuiet() {
    if (options.quietWaitSeconds() <= 0) {
      return;
    }
    double cores = MachineLoad.awaitQuiet(options.quietCores(),
        Duration.ofSeconds(options.quietWaitSeconds()),
        () -> broker.cpuNanos() + MachineLoad.selfNanos());
    if (cores >= options.quietCores()) {
      System.out.printf("  (machine busy: other processes use %.2f cores; running anyway)%n",
          cores);
    }
  }

  /** A name unique to this harness run. */
  String name(String what) {
    return "bench-" + runId + "-" + what;
  }

  /** A new empty state directory. */
  Path stateDir(String what) {
    try {
      return Files.createDirectories(scratch.resolve(what + "-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates and loads an input topic of the options' workload; returns its name. */
  String loadInput(String what, long records, int partitions) {
    return loadInput(what, new Workload(records, options.keys(), options.valueBytes()),
        partitions);
  }

  /** Creates and loads an input topic with {@code workload}; returns its name. */
  String loadInput(String what, Workload workload, int partitions) {
    String topic = name(what);
    ops.createTopics(partitions, InputLoader.noConfigs(), topic);
    KeyDistribution keys = KeyDistribution.parse(options.keyDistribution(), workload.keys(),
        options.seed());
    long ms = InputLoader.load(bootstrap(), topic, workload.records(), keys,
        workload.valueBytes(), options.seed());
    System.out.printf("loaded %s: %d records in %d ms (%s)%n", topic, workload.records(), ms,
        workload.describe(options));
    return topic;
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: scratch space
    }
  }

  @Override
  public void close() {
    ops.close();
    broker.stop(Duration.ofSeconds(60));
    deleteRecursively(scratch);
  }
}
