package dev.rivulet.bench;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Entry point: {@code java -jar benchmarks/target/rivulet-benchmarks.jar [command...] [options]}
 * (see {@link BenchOptions#USAGE}). Starts the broker JVM, runs the commands, prints markdown
 * tables to stdout, stops the broker.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!"help".equals(e.getMessage())) {
        System.err.println(e.getMessage());
      }
      System.err.print(BenchOptions.USAGE);
      System.exit(1);
      return;
    }
    System.out.printf("# Rivulet benchmarks %s, %d cores, Java %s%n",
        LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(null)),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.println("command: " + String.join(" ", args));
    System.out.println("framework: " + frameworkJar());
    try (Workbench bench = new Workbench(options)) {
      ThroughputBenchmark throughput = null;
      for (String command : options.commands()) {
        switch (command) {
          case "throughput" -> {
            throughput = new ThroughputBenchmark(bench);
            throughput.run();
          }
          case "restore" -> new RestoreBenchmark(bench).run();
          case "crash" -> new CrashBenchmark(bench).run();
          case "latency" -> new LatencyBenchmark(bench, throughput).run();
          case "memory" -> new MemoryBenchmark(bench).run();
          case "scaling" -> new ScalingBenchmark(bench).run();
          case "growth" -> new GrowthBenchmark(bench).run();
          default -> throw new IllegalArgumentException(command);
        }
      }
    }
    System.exit(0);
  }

  /** Which framework build is measured: its jar, size and time (snapshots are easy to mix up). */
  static String frameworkJar() {
    try {
      java.nio.file.Path jar = java.nio.file.Path.of(dev.rivulet.api.runtime.Rivulet.class
          .getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar + " (" + java.nio.file.Files.size(jar) + " bytes, "
          + java.nio.file.Files.getLastModifiedTime(jar) + ")";
    } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }
}
