package dev.rivulet.sample.fraud.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The sample's executable jar ({@code target/*.jar}, built by package) started as a real process. */
final class AppProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final long startedNanos = System.nanoTime();
  private final Thread reader;

  private AppProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // process gone
      }
    }, "app-process-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static AppProcess start(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-jar", jar().toString(),
        "--fraud.summary-interval=2s", "--logging.pattern.console=%level %logger{36} - %msg%n"));
    cmd.addAll(List.of(args));
    try {
      return new AppProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path jar() {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("sample-fraud-detection-.*\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError(
              "no executable jar in target/: run the package phase first (./mvnw verify does)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to end; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    reader.join(10_000); // everything it printed
    return process.exitValue();
  }

  /** Waits until a line contains {@code text}. */
  void awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.stream().noneMatch(l -> l.contains(text))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no line with '" + text + "':\n" + output());
      }
      Thread.sleep(100);
    }
  }

  /**
   * SIGTERM, as docker stop and Kubernetes send it. Through the process handle: Process.destroy()
   * would also close our end of its output, and we want to read how it shuts down.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  List<String> lines() {
    return lines;
  }

  String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
