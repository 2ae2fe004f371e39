package dev.rivulet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started by the harness running one main class of this module, on the harness's own class
 * path. Collects its stdout lines (stderr is inherited, so child errors show), reads its CPU time
 * and resident memory from the OS, and stops it with a {@code STOP} line on stdin (clean) or
 * SIGKILL.
 *
 * <p>Thread-safe for reading lines; one owner drives its lifecycle.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(this::readLines, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code jvmArgs} and {@code args}. */
  static ChildJvm start(String name, List<String> jvmArgs, Class<?> mainClass, List<String> args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new ChildJvm(name, p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> lines() {
    return lines;
  }

  /** Waits for a line matching {@code match} and returns it. */
  String await(Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        if (match.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      if (!process.isAlive()) {
        sleep(Duration.ofMillis(100)); // let the reader drain what the child printed last
        if (lines.size() == seen) {
          throw new IllegalStateException(name + " exited with " + process.exitValue()
              + " before printing the expected line; output: " + lines);
        }
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": timed out after " + timeout + "; output: "
            + lines);
      }
      sleep(Duration.ofMillis(10));
    }
  }

  /** Waits for a line starting with {@code prefix}; returns the rest of the line. */
  String awaitPrefix(String prefix, Duration timeout) {
    return await(l -> l.startsWith(prefix), timeout).substring(prefix.length()).trim();
  }

  /** Total CPU (user + system) the process used so far, in nanoseconds. */
  long cpuNanos() {
    return cpuNanos(process.pid());
  }

  static long cpuNanos(long pid) {
    // utime and stime (fields 14, 15) in clock ticks; the JDK's totalCpuDuration reads the same
    try {
      return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")))
          * (1_000_000_000L / CLOCK_TICKS);
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
          .map(Duration::toNanos).orElse(-1L);
    }
  }

  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  /** utime + stime (fields 14 and 15) of a {@code /proc} stat line, in clock ticks. */
  private static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * CPU the process's JIT compiler threads used so far, in nanoseconds, or -1 if unknown. On
   * 2 cores HotSpot runs one C1 and one C2 thread for the JVM's life; where it adds and retires
   * compiler threads dynamically, a retired thread's CPU drops out of the sum.
   */
  long jitCpuNanos() {
    return jitCpuNanos(Path.of("/proc/" + process.pid() + "/task"));
  }

  /** Sums user + system CPU of the threads under {@code tasks} named C1/C2 CompilerThread. */
  static long jitCpuNanos(Path tasks) {
    long ticks = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            ticks += ticks(stat);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * (1_000_000_000L / CLOCK_TICKS);
  }

  /** Resident set size in bytes (VmRSS), or -1 if unknown. */
  long rssBytes() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // not Linux or gone
    }
    return -1;
  }

  /** Writes one line to the child's stdin. */
  void send(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " is gone", e);
    }
  }

  /** Asks the child to stop cleanly ({@code STOP} on stdin) and waits for it to exit. */
  int stop(Duration timeout) {
    try {
      process.getOutputStream().write("STOP\n".getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(name + " did not stop within " + timeout);
      }
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no close, no commit. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Blocks until stdin says {@code STOP} or closes (the parent died): the child side. */
  static void awaitStopRequest() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.equals("STOP")) {
        // wait
      }
    } catch (IOException e) {
      // parent gone: stop
    }
  }
}
