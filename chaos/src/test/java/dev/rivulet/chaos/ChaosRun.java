package dev.rivulet.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * One chaos run: a fresh broker, the topics, the workers, the driver and the nemesis at the same
 * time; then quiet, the checker, and a report.
 */
final class ChaosRun {
  /** As the issue asks; quiet CI runs recover in ~12 s (192 s was seen at load ~20). */
  private static final Duration LAG_DEADLINE = Duration.ofSeconds(120);

  private final ChaosProfile profile;
  private final long seed;
  private final Path runDir;
  private final String prefix;
  private final String app;
  private final ChaosTopology.Topics names;

  ChaosRun(ChaosProfile profile, long seed, Path baseDir) {
    this.profile = profile;
    this.seed = seed;
    this.prefix = "chaos-" + profile.name() + "-" + seed;
    this.runDir = baseDir.resolve(prefix + "-" + System.currentTimeMillis());
    this.app = prefix + "-app";
    this.names = ChaosTopology.Topics.of(prefix);
  }

  ChaosReport execute() throws Exception {
    long started = System.nanoTime();
    ChaosReport report = new ChaosReport(profile, seed, runDir);
    Driver driver = Driver.plan(profile, seed);
    List<Nemesis.Planned> plan = Nemesis.schedule(profile, seed);
    System.out.printf("%n=== chaos run '%s' seed %d: %d records (+%d bad) over %d keys, %d "
            + "partitions, %d broker(s), %d workers (%d..%d), %s%s, %d faults planned; logs in "
            + "%s%n",
        profile.name(), seed, profile.records(), driver.plan().size() - profile.records(),
        profile.keys(), profile.partitions(), profile.brokers(), profile.initialWorkers(),
        profile.minWorkers(),
        profile.maxWorkers(), profile.guarantee(), profile.brokenCommit()
            ? " with offsets committed OUTSIDE the transaction" : "", plan.size(), runDir);
    try (BrokerCluster broker = BrokerCluster.format(runDir.resolve("broker"),
            runDir.resolve("logs"), profile.brokers(), profile.maxWorkers());
        Network network = new Network(broker, profile.maxWorkers());
        WorkerPool pool = new WorkerPool(network::bootstrap, app, prefix, profile, runDir)) {
      Topics topics = new Topics(broker);
      createTopics(topics);
      for (int s = 0; s < profile.initialWorkers(); s++) {
        pool.start(s);
      }
      for (int s = 0; s < profile.initialWorkers(); s++) {
        pool.get(s).await(l -> l.equals("STATE RUNNING"), Duration.ofSeconds(90));
      }
      AtomicBoolean producing = new AtomicBoolean(true);
      Thread producer = new Thread(() -> {
        try {
          driver.produce(broker.bootstrap(), names.input(), profile.produceFor());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          producing.set(false);
        }
      }, "chaos-driver");
      long faultsStart = System.nanoTime();
      producer.start();
      Nemesis nemesis = new Nemesis(pool, broker, network, targets(), profile, seed,
          producing::get);
      try (QueryProbe probe = new QueryProbe(pool, profile.keys(), seed)) {
        probe.start();
        nemesis.run(plan, faultsStart);
      }
      long lastFault = System.nanoTime();
      producer.join();
      report.driver(driver.acked(), driver.error());
      reconcile(pool, report);
      Lag lag = awaitLagZero(topics, lastFault);
      report.lag(lag.sinceLastFault(), lag.behind().isEmpty()
          && lag.sinceLastFault().compareTo(LAG_DEADLINE) <= 0, lag.behind());
      awaitNoOpenTransactions(topics, new Checker(topics, names, app, profile, driver));
      report.add(awaitAllTasksRunning(pool));
      List<String> dumps = dump(pool);
      if (profile.rollingUpgrade()) {
        upgradeChecks(pool, dumps).forEach(report::add);
      }
      int rebalances = broker.generations(app);
      report.faults(nemesis.done(), rebalances);
      report.evidence(pool.metric("aborts"), pool.metric("fences"), pool.metric("restored"),
          pool.metric("deadLettered"), pool.metric("commits"));
      report.positionCorrections(positionCorrections(runDir.resolve("logs")));
      boolean stoppedCleanly = stopAll(pool);
      report.add(CheckResult.of("every worker stopped cleanly at the end (STOP -> CLOSED)",
          stoppedCleanly, pool.incarnations().size() + " worker JVMs over the run"));
      List<String> fatal = pool.linesStartingWith("FATAL");
      report.add(CheckResult.of("no worker stopped on a fatal error", fatal.isEmpty(),
          fatal.isEmpty() ? "none" : fatal.size() + ": " + fatal.subList(0,
              Math.min(3, fatal.size()))));
      Checker checker = new Checker(topics, names, app, profile, driver);
      List<String> reads = new ArrayList<>(pool.linesStartingWith("QA "));
      reads.addAll(pool.linesStartingWith("QE "));
      checker.run(dumps, reads).forEach(report::add);
      report.checkBudget(nemesis.countByKind(), rebalances);
    }
    report.finish(Duration.ofNanos(System.nanoTime() - started));
    return report;
  }

  /**
   * After the rolling upgrade every worker runs version 2, and version 2 wrote its new state
   * field (a key's largest amount) for keys it processed.
   */
  private static List<CheckResult> upgradeChecks(WorkerPool pool, List<String> dumps) {
    List<String> versions = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      versions.add(w.name() + "=" + w.lines().stream().filter(l -> l.startsWith("VERSION "))
          .map(l -> l.substring(8)).findFirst().orElse("?"));
    }
    boolean allV2 = versions.stream().allMatch(v -> v.endsWith("=2"));
    String keyRead = " Q " + ChaosTopology.SEQUENCER + " ";
    long withField = dumps.stream().filter(l -> l.contains(keyRead)
        && l.contains("\"maxAmount\":") && !l.contains("\"maxAmount\":0")).count();
    return List.of(
        CheckResult.of("after the rolling upgrade every worker runs version 2", allV2,
            versions.toString()),
        CheckResult.of("version 2 wrote its new state field", withField > 0,
            withField + " keys with a largest amount"));
  }

  /** What the cluster faults aim at. */
  private ClusterFaults.Targets targets() {
    List<String> inputs = new ArrayList<>(List.of(names.input()));
    List<String> changelogs = new ArrayList<>(List.of(
        Checker.changelog(app, ChaosTopology.SEQUENCER, ChaosTopology.KEY_STATE.name())));
    if (profile.repartition()) {
      inputs.add(names.regrouped());
      changelogs.add(Checker.changelog(app, ChaosTopology.GROUPER,
          ChaosTopology.GROUP_STATE.name()));
    }
    return new ClusterFaults.Targets(inputs, changelogs, app);
  }

  private void createTopics(Topics topics) throws Exception {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    Map<String, Map<String, String>> configs = new HashMap<>();
    Map<String, String> compact = Map.of("cleanup.policy", "compact",
        "segment.bytes", Integer.toString(1 << 20), "min.cleanable.dirty.ratio", "0.1");
    int p = profile.partitions();
    partitions.put(names.input(), p);
    partitions.put(names.output(), p);
    partitions.put(Checker.dlq(app, ChaosTopology.SEQUENCER), p);
    for (String store : List.of(ChaosTopology.KEY_STATE.name(), "rivulet-timers")) {
      String changelog = Checker.changelog(app, ChaosTopology.SEQUENCER, store);
      partitions.put(changelog, p);
      configs.put(changelog, compact);
    }
    if (profile.repartition()) {
      int q = profile.regroupedPartitions();
      partitions.put(names.regrouped(), q);
      partitions.put(names.groupOutput(), q);
      partitions.put(Checker.dlq(app, ChaosTopology.GROUPER), q);
      for (String store : List.of(ChaosTopology.GROUP_STATE.name(), "rivulet-timers")) {
        String changelog = Checker.changelog(app, ChaosTopology.GROUPER, store);
        partitions.put(changelog, q);
        configs.put(changelog, compact);
      }
    }
    if (profile.windows()) {
      partitions.put(names.windows(), p);
      partitions.put(Checker.dlq(app, ChaosTopology.WINDOWER), p);
      for (String store : List.of(ChaosTopology.WINDOW_STATE, "rivulet-timers")) {
        String changelog = Checker.changelog(app, ChaosTopology.WINDOWER, store);
        partitions.put(changelog, p);
        configs.put(changelog, compact);
      }
    }
    topics.create(partitions, configs);
  }

  /** Back to the initial worker count; a worker found dead is restarted and reported. */
  private void reconcile(WorkerPool pool, ChaosReport report) throws InterruptedException {
    List<String> dead = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      if (w != null && (!w.isAlive() || w.lines().stream().anyMatch(l -> l.startsWith("FATAL")))) {
        dead.add(w.name());
        pool.kill(slot);
        pool.start(slot);
      }
    }
    report.add(CheckResult.of("no worker died or failed on its own during the run",
        dead.isEmpty(),
        dead.isEmpty() ? "all alive" : "dead: " + dead));
    while (pool.runningSlots().size() < profile.initialWorkers()) {
      pool.start(pool.idleSlots().get(0));
    }
    while (pool.runningSlots().size() > profile.initialWorkers()) {
      List<Integer> slots = pool.runningSlots();
      pool.stop(slots.get(slots.size() - 1));
    }
  }

  /**
   * Waits until every input (and regrouped) record is committed; time since the last fault and,
   * if it never got there, the partitions still behind. A regrouped partition is caught up once
   * its committed offset is past its last committed record and within the log: a commit may carry
   * a consumer position that has already moved past the transaction marker after that record.
   */
  private Lag awaitLagZero(Topics topics, long lastFaultNanos) throws Exception {
    long deadline = System.nanoTime() + LAG_DEADLINE.toNanos() + Duration.ofSeconds(60).toNanos();
    List<String> behind = List.of();
    while (System.nanoTime() < deadline) {
      behind = new ArrayList<>();
      Map<TopicPartition, Long> inputEnd =
          topics.endOffsets(names.input(), IsolationLevel.READ_UNCOMMITTED);
      behind.addAll(behind(topics.committed(app, names.input()), inputEnd, inputEnd));
      if (behind.isEmpty() && profile.repartition()) {
        behind.addAll(behind(topics.committed(app, names.regrouped()),
            topics.afterLastCommittedRecord(names.regrouped()),
            topics.endOffsets(names.regrouped(), IsolationLevel.READ_UNCOMMITTED)));
      }
      if (behind.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    return new Lag(Duration.ofNanos(System.nanoTime() - lastFaultNanos), behind);
  }

  private static List<String> behind(Map<TopicPartition, Long> committed,
      Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    List<String> out = new ArrayList<>();
    committed.forEach((tp, c) -> {
      long min = from.getOrDefault(tp, 0L);
      long max = to.getOrDefault(tp, 0L);
      if (c < min || c > max) {
        out.add(tp + " committed " + c + ", want " + (min == max ? min : min + ".." + max));
      }
    });
    return out;
  }

  /** How long the group took to catch up, and what was still behind if it did not. */
  record Lag(Duration sinceLastFault, List<String> behind) {}

  private void awaitNoOpenTransactions(Topics topics, Checker checker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (String topic : checker.writtenTopics()) {
      while (!topics.endOffsets(topic, IsolationLevel.READ_COMMITTED)
          .equals(topics.endOffsets(topic, IsolationLevel.READ_UNCOMMITTED))
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
  }

  /** Waits until every task of every processor runs on exactly one worker. */
  private CheckResult awaitAllTasksRunning(WorkerPool pool) throws InterruptedException {
    int expected = profile.partitions() + (profile.repartition()
        ? profile.regroupedPartitions() : 0) + (profile.windows() ? profile.partitions() : 0);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      StringBuilder snapshot = new StringBuilder();
      List<String> running = new ArrayList<>();
      boolean allRunning = true;
      for (int slot : pool.runningSlots()) {
        ForkedJvm w = pool.get(slot);
        int from = w.lines().size();
        w.send("TASKS");
        int at = w.awaitFrom(from, l -> l.startsWith("TASKS "), Duration.ofSeconds(30));
        if (at < 0) {
          allRunning = false;
          continue;
        }
        String[] p = w.lines().get(at).split(" ");
        allRunning &= p[1].equals("RUNNING");
        for (int i = 2; i < p.length; i++) {
          if (p[i].endsWith(":RUNNING")) {
            running.add(p[i]);
          }
          // a replica of a task that cannot exist (its processor has fewer partitions) would
          // wait for a changelog partition that is not there
          allRunning &= taskExists(p[i]);
        }
        snapshot.append(' ').append(w.name()).append('=').append(w.lines().get(at));
      }
      last = snapshot.toString();
      if (allRunning && running.size() == expected
          && running.stream().distinct().count() == expected) {
        return CheckResult.of("at the end every task runs on exactly one worker", true,
            expected + " tasks");
      }
      Thread.sleep(500);
    }
    return CheckResult.of("at the end every task runs on exactly one worker", false,
        "after 120 s:" + last);
  }

  /** Whether {@code processor:partition:state} names a task of the topology. */
  private boolean taskExists(String task) {
    String[] f = task.split(":");
    int partition = Integer.parseInt(f[1]);
    return f[0].equals(ChaosTopology.GROUPER) ? partition < profile.regroupedPartitions()
        : partition < profile.partitions();
  }

  private List<String> dump(WorkerPool pool) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      int from = w.lines().size();
      w.send("DUMP");
      int done = w.awaitFrom(from, l -> l.startsWith("DUMPED"), Duration.ofSeconds(120));
      if (done < 0) {
        throw new IllegalStateException(w.name() + " did not answer DUMP");
      }
      for (String l : w.lines().subList(from, done)) {
        if (l.startsWith("Q ") || l.startsWith("R ")) {
          out.add(w.name() + " " + l);
        }
      }
    }
    return out;
  }

  private boolean stopAll(WorkerPool pool) throws InterruptedException {
    boolean clean = true;
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      clean &= pool.stop(slot) && w.lines().stream().anyMatch(l -> l.startsWith("CLOSED"));
    }
    return clean;
  }

  static Path baseDir() throws java.io.IOException {
    Path dir = Path.of(System.getProperty("chaos.dir", "target/chaos"));
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * Times a task resumed from its state's input position because the group's committed offset
   * was behind it (the runtime's PositionGuard warning in the worker logs).
   */
  private static long positionCorrections(java.nio.file.Path logs) throws java.io.IOException {
    long n = 0;
    try (var files = java.nio.file.Files.list(logs)) {
      for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
        if (f.getFileName().toString().startsWith("w")) {
          try (var lines = java.nio.file.Files.lines(f,
              java.nio.charset.StandardCharsets.ISO_8859_1)) {
            n += lines.filter(l -> l.contains("PositionGuard") && l.contains("resuming from"))
                .count();
          }
        }
      }
    }
    return n;
  }
}
