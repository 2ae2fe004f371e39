package dev.rivulet.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A {@link CheckingApp} in a child JVM: SIGKILL it, or stop it with SIGTERM (clean close). */
public final class ForkedRuntime implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ForkedRuntime(Process process) {
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
    }, "forked-runtime-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public static ForkedRuntime start(String... args) {
    return start(List.of(), args);
  }

  /** Starts a child JVM with extra JVM arguments (system properties read by {@link CheckingApp}). */
  public static ForkedRuntime start(List<String> jvmArgs, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
    cmd.addAll(jvmArgs);
    String extra = System.getProperty("rivulet.it.fork.jvmArgs");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CheckingApp.class.getName()));
    cmd.addAll(List.of(args));
    try {
      return new ForkedRuntime(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@link CheckingApp} slowly (0.5 ms a record) with long transactions (commit interval
   * 3 s, the given transaction timeout) and a short session (6 s), and SIGKILLs it once it has
   * committed 800 outputs and has a transaction open on partition 0 of each of {@code openOn}:
   * a crashed owner that leaves its transaction behind. Watched, not slept for: a loaded machine
   * once took longer than a fixed 1.5 s to get there.
   */
  static void killMidTransaction(Duration transactionTimeout, String app, String stateDir,
      String in, String out, String... openOn) throws InterruptedException {
    try (ForkedRuntime a = start(List.of(
        "-Drivulet.it.transactionTimeoutMs=" + transactionTimeout.toMillis(),
        "-Drivulet.it.commitIntervalMs=3000", "-Drivulet.it.sessionTimeoutMs=6000"),
        TestBroker.bootstrap(), app, stateDir, in, out, "500")) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
          TestBroker.readCommitted(out).size() >= 800);
      Awaitility.await().atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> Arrays.stream(openOn).allMatch(TestBroker::openTransaction));
      a.kill();
    }
  }

  public List<String> lines() {
    return lines;
  }

  /** Waits until a line matches. */
  public void await(Predicate<String> line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.stream().noneMatch(line)) {
      if (!process.isAlive()) {
        throw new AssertionError("forked runtime died:\n" + String.join("\n", lines));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; output:\n" + String.join("\n", lines));
      }
      Thread.sleep(50);
    }
  }

  /** Sum of restored records over every {@code RESTORED} line for a store. */
  public long restored(String store) {
    return lines.stream().filter(l -> l.startsWith("RESTORED ")).map(l -> l.split(" "))
        .filter(p -> p[2].equals(store)).mapToLong(p -> Long.parseLong(p[3])).sum();
  }

  /** SIGKILL: no shutdown hook, no commit, no close. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Asks the child to close the runtime cleanly and waits for it to exit. */
  public void stop() throws InterruptedException {
    try {
      process.getOutputStream().write("STOP\n".getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new AssertionError("forked runtime is gone:\n" + String.join("\n", lines), e);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("forked runtime did not stop cleanly:\n" + String.join("\n", lines));
    }
    reader.join(5_000); // read everything it printed before it exited
    lines.add("EXIT " + process.exitValue());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  /** A jstack of the child, for failure diagnostics. */
  public String threadDump() {
    try {
      Process jstack = new ProcessBuilder("jstack", Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      return new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "no thread dump: " + e;
    }
  }

  public boolean stoppedCleanly() {
    return lines.contains("CLOSED");
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
