package dev.rivulet.chaos;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM on the test classpath whose stdout lines are kept (and copied to a file). Faults:
 * {@link #kill()} is SIGKILL, {@link #suspend()}/{@link #resume()} are SIGSTOP/SIGCONT; a clean
 * stop is asked for on stdin (signals sent from a test JVM did not run shutdown hooks here).
 */
final class ForkedJvm implements AutoCloseable {
  private static String classpath;
  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ForkedJvm(String name, Process process, Path stdoutCopy) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(() -> copyLines(stdoutCopy), name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with the given JVM options and args; child logs go to logDir. */
  static ForkedJvm start(String name, Path logDir, List<String> jvmOptions, String mainClass,
      List<String> args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    cmd.add("-Dchaos.log.file=" + logDir.resolve(name + ".log"));
    cmd.add("-Dlogback.configurationFile=" + childLogbackConfig());
    try {
      cmd.addAll(List.of("-cp", classpath(logDir.getParent()), mainClass));
      cmd.addAll(args);
      Files.createDirectories(logDir);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      return new ForkedJvm(name, p, logDir.resolve(name + ".out"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
  }

  /**
   * The test classpath with every SNAPSHOT jar copied aside once: other builds on this machine
   * install SNAPSHOTs into the shared local repository while a run's JVMs still load classes
   * from them lazily (a NoClassDefFoundError mid-run, seen here).
   */
  private static synchronized String classpath(Path runDir) throws IOException {
    if (classpath == null) {
      Path dir = runDir.resolve("classpath");
      Files.createDirectories(dir);
      List<String> entries = new ArrayList<>();
      int i = 0;
      for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path p = Path.of(e);
        if (e.endsWith("-SNAPSHOT.jar") && Files.isRegularFile(p)) {
          Path copy = dir.resolve(i++ + "-" + p.getFileName());
          Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
          entries.add(copy.toString());
        } else {
          entries.add(e);
        }
      }
      classpath = String.join(File.pathSeparator, entries);
    }
    return classpath;
  }

  private static String childLogbackConfig() {
    var url = ForkedJvm.class.getClassLoader().getResource("chaos-child-logback.xml");
    if (url == null) {
      throw new IllegalStateException("chaos-child-logback.xml is not on the test classpath");
    }
    return url.toString();
  }

  private void copyLines(Path copy) {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (!line.startsWith("Q ") && !line.startsWith("METRICS")) {
          out.write(line);
          out.write('\n');
          out.flush();
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  String name() {
    return name;
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

  /** Waits until a line matches; false on timeout or if the process died. */
  boolean await(Predicate<String> line, Duration timeout) throws InterruptedException {
    return awaitFrom(0, line, timeout) >= 0;
  }

  /**
   * Sends a command and waits for its reply: the first line after the command that starts with
   * {@code replyPrefix}; empty on timeout or if the process died.
   */
  Optional<String> request(String command, String replyPrefix, Duration timeout)
      throws InterruptedException {
    int from = lines.size();
    send(command);
    int at = awaitFrom(from, l -> l.startsWith(replyPrefix), timeout);
    return at < 0 ? Optional.empty() : Optional.of(lines.get(at));
  }

  /** Index of the first matching line at or after {@code from}, or -1 on timeout/death. */
  int awaitFrom(int from, Predicate<String> line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int i = from;
    while (true) {
      for (; i < lines.size(); i++) {
        if (line.test(lines.get(i))) {
          return i;
        }
      }
      if (!process.isAlive() && !reader.isAlive()) {
        return -1;
      }
      if (System.nanoTime() > deadline) {
        return -1;
      }
      Thread.sleep(5);
    }
  }

  /** SIGKILL: no shutdown hook, no commit, no close. */
  void kill() throws InterruptedException {
    if (process.isAlive()) {
      resume(); // a stopped process dies on SIGKILL too, but keep its state clear
      process.destroyForcibly();
    }
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(2_000);
  }

  /**
   * SIGTERM (a broker's controlled shutdown), then SIGKILL if it has not exited within
   * {@code grace}; returns whether it exited on its own.
   */
  boolean terminate(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    signal("TERM");
    boolean exited = waitFor(grace);
    if (!exited) {
      kill();
    }
    return exited;
  }

  /** SIGSTOP: the whole JVM freezes, heartbeat threads included. */
  void suspend() {
    signal("STOP");
  }

  /** SIGCONT. */
  void resume() {
    signal("CONT");
  }

  private void signal(String signal) {
    try {
      // bash's builtin kill: no dependency on a kill binary being installed
      Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + process.pid())
          .redirectErrorStream(true).start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes one command line to the child's stdin (whole: the nemesis and the query probe send
   * from their own threads); false if the child is gone.
   */
  synchronized boolean send(String command) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits for exit; returns whether it exited within the timeout. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (exited) {
      reader.join(5_000);
    }
    return exited;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      resume();
      process.destroyForcibly();
    }
  }
}
