package dev.rivulet.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The worker JVMs of a run, by slot. A slot keeps its state directory across kills and restarts
 * (same instance id, so a restart fences its predecessor) until it is wiped, which gives it a new
 * directory (a new instance that restores everything from the changelogs).
 */
final class WorkerPool implements AutoCloseable {
  private final Network network;
  private final String app;
  private final String topicPrefix;
  private final ChaosProfile profile;
  private final Path runDir;
  private final Map<Integer, Integer> stateGeneration = new TreeMap<>();
  private final Map<Integer, ForkedJvm> running = new TreeMap<>();
  private final List<ForkedJvm> incarnations = new CopyOnWriteArrayList<>();
  private static final int FIRST_QUERY_PORT = 21_000;
  private static final int QUERY_PORTS = 10_000;

  private int started;
  /** Where the search for a query server's port goes on (from a random start per run). */
  private int nextQueryPort = ThreadLocalRandom.current().nextInt(QUERY_PORTS);
  private int version = 1;

  /**
   * {@code network}: the worker in a slot connects to the brokers through its slot's proxies and
   * advertises its query server through its slot's proxy.
   */
  WorkerPool(Network network, String app, String topicPrefix, ChaosProfile profile,
      Path runDir) {
    this.network = network;
    this.app = app;
    this.topicPrefix = topicPrefix;
    this.profile = profile;
    this.runDir = runDir;
  }

  Path stateDir(int slot) {
    int generation = stateGeneration.getOrDefault(slot, 0);
    return runDir.resolve("state").resolve("w" + slot + "-" + generation);
  }

  synchronized ForkedJvm start(int slot) {
    if (running.containsKey(slot)) {
      throw new IllegalStateException("worker " + slot + " is already running");
    }
    started++;
    List<String> jvm = new ArrayList<>(List.of("-Xmx320m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"));
    if (profile.brokenCommit()) {
      jvm.add("-D" + OffsetsOutsideTransaction.PROPERTY + "=true");
    }
    jvm.add("-Dchaos.version=" + version);
    jvm.add("-Dchaos.threads=" + (slot % 2 == 1 ? profile.oddSlotThreads() : 1));
    jvm.add("-Dchaos.windowSeconds=" + profile.windowSeconds());
    jvm.add("-Dchaos.ttlMillis=" + profile.ttlMillis());
    int httpPort = freePort();
    jvm.add("-Dchaos.httpPort=" + httpPort);
    jvm.add("-Dchaos.advertisedPort=" + network.serveQueries(slot, httpPort));
    ForkedJvm w = ForkedJvm.start("w" + slot + "-" + started, runDir.resolve("logs"), jvm,
        WorkerMain.class.getName(), List.of(network.bootstrap(slot), app, stateDir(slot).toString(),
            topicPrefix, Boolean.toString(profile.repartition()),
            Integer.toString(profile.groups()), profile.guarantee().name(),
            Integer.toString(profile.keys()), profile.crashPoints() > 0
                ? ClientTimeouts.RUN.clientProperties("interceptor.classes="
                    + CrashPoint.class.getName())
                : ClientTimeouts.RUN.clientProperties(), Integer.toString(profile.standbyReplicas()),
            Long.toString(profile.acceptableRecoveryLag())));
    running.put(slot, w);
    incarnations.add(w);
    return w;
  }

  /**
   * A port nothing listens on now, for a worker's {@link QueryServer}: below Linux's ephemeral
   * range (32768 and up), so that no outgoing connection of the run's clients takes it between
   * this check and the worker's bind, which happens seconds later in another JVM.
   */
  private synchronized int freePort() {
    for (int i = 0; i < QUERY_PORTS; i++) {
      int port = FIRST_QUERY_PORT + Math.floorMod(nextQueryPort++, QUERY_PORTS);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        // taken: try the next one
      }
    }
    throw new IllegalStateException("No free port in " + FIRST_QUERY_PORT + ".."
        + (FIRST_QUERY_PORT + QUERY_PORTS - 1) + " for a worker's query server");
  }

  /** From now on every worker starts on version 2 of the processors (a rolling upgrade). */
  synchronized void upgrade() {
    version = 2;
  }

  synchronized int version() {
    return version;
  }

  synchronized @Nullable ForkedJvm get(int slot) {
    return running.get(slot);
  }

  synchronized List<Integer> runningSlots() {
    return new ArrayList<>(running.keySet());
  }

  synchronized List<Integer> idleSlots() {
    List<Integer> idle = new ArrayList<>();
    for (int s = 0; s < profile.maxWorkers(); s++) {
      if (!running.containsKey(s)) {
        idle.add(s);
      }
    }
    return idle;
  }

  /** SIGKILL. */
  void kill(int slot) throws InterruptedException {
    ForkedJvm w;
    synchronized (this) {
      w = running.remove(slot);
    }
    if (w != null) {
      w.kill();
    }
  }

  /** Clean stop over stdin; a worker that does not stop within a minute is killed (reported). */
  boolean stop(int slot) throws InterruptedException {
    ForkedJvm w;
    synchronized (this) {
      w = running.remove(slot);
    }
    if (w == null) {
      return true;
    }
    w.send("STOP");
    if (!w.waitFor(Duration.ofSeconds(60))) {
      w.kill();
      return false;
    }
    return true;
  }

  /** Deletes a stopped slot's state: the next start is a new instance with empty state. */
  synchronized void wipe(int slot) {
    if (running.containsKey(slot)) {
      throw new IllegalStateException("wipe of running worker " + slot);
    }
    BrokerCluster.deleteRecursively(stateDir(slot));
    stateGeneration.merge(slot, 1, Integer::sum);
  }

  List<ForkedJvm> incarnations() {
    return incarnations;
  }

  /** Sum over every incarnation of the last value a worker printed for a metric. */
  long metric(String name) {
    long total = 0;
    for (ForkedJvm w : incarnations) {
      total += lastMetric(w, name);
    }
    return total;
  }

  /**
   * Waits (at most {@code upTo}) until the worker reports more fences than {@code fencesBefore}
   * or dies; returns its fence count then.
   */
  static long awaitFence(ForkedJvm w, long fencesBefore, Duration upTo)
      throws InterruptedException {
    long deadline = System.nanoTime() + upTo.toNanos();
    long fences = fencesBefore;
    while (System.nanoTime() < deadline && fences == fencesBefore && w.isAlive()) {
      Thread.sleep(200);
      fences = lastMetric(w, "fences");
    }
    return fences;
  }

  static long lastMetric(ForkedJvm w, String name) {
    List<String> lines = w.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (l.startsWith("METRICS ")) {
        for (String part : l.substring(8).split(" ")) {
          if (part.startsWith(name + "=")) {
            return Long.parseLong(part.substring(name.length() + 1));
          }
        }
      }
    }
    return 0;
  }

  /** Lines of every incarnation starting with {@code prefix}. */
  List<String> linesStartingWith(String prefix) {
    List<String> out = new ArrayList<>();
    for (ForkedJvm w : incarnations) {
      for (String l : w.lines()) {
        if (l.startsWith(prefix)) {
          out.add(w.name() + " " + l);
        }
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    running.values().forEach(ForkedJvm::close);
    running.clear();
  }
}
