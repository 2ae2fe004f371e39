package dev.rivulet.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

/**
 * One chaos run: a fresh broker, the topics, the workers, the driver and the nemesis at the same
 * time; then quiet, the checker, and a report.
 */
final class ChaosRun {
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
            + "partitions, %d broker(s), %d workers (%d..%d), %s%s, %s client timeouts, %d faults "
            + "planned; logs in %s%n",
        profile.name(), seed, profile.records(), driver.plan().size() - profile.records(),
        profile.keys(), profile.partitions(), profile.brokers(), profile.initialWorkers(),
        profile.minWorkers(),
        profile.maxWorkers(), profile.guarantee(), profile.brokenCommit()
            ? " with offsets committed OUTSIDE the transaction" : "", ClientTimeouts.RUN.name(),
        plan.size(), runDir);
    try (BrokerCluster broker = BrokerCluster.format(runDir.resolve("broker"),
            runDir.resolve("logs"), profile.brokers(), profile.maxWorkers());
        Network network = new Network(broker, profile.maxWorkers());
        WorkerPool pool = new WorkerPool(network, app, prefix, profile, runDir)) {
      Topics topics = new Topics(broker);
      TopicLayout layout = TopicLayout.of(profile, names, app);
      layout.create(topics);
      EndOfRunWaits waits = new EndOfRunWaits(topics, names, app, profile, layout);
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
      RoutedQueryProbe routed = new RoutedQueryProbe(pool, profile.keys(), seed);
      try (QueryProbe probe = new QueryProbe(pool, profile.keys(), seed); routed) {
        probe.start();
        routed.start();
        nemesis.run(plan, faultsStart);
      }
      long lastFault = System.nanoTime();
      producer.join();
      report.driver(driver.acked(), driver.error());
      reconcile(pool, report);
      EndOfRunWaits.Lag lag = waits.awaitLagZero(lastFault);
      report.lag(lag.sinceLastFault(), lag.behind().isEmpty()
          && lag.sinceLastFault().compareTo(EndOfRunWaits.LAG_DEADLINE) <= 0, lag.behind());
      waits.awaitNoOpenTransactions();
      report.add(waits.awaitAllTasksRunning(pool));
      List<String> dumps = dump(pool, waits);
      if (profile.rollingUpgrade()) {
        upgradeChecks(pool, dumps).forEach(report::add);
      }
      int rebalances = broker.generations(app);
      report.faults(nemesis.done(), rebalances);
      report.evidence(pool.metric("aborts"), pool.metric("fences"),
          lastNumbers(pool.linesStartingWith("RESTORED ")).sum(),
          lastNumbers(pool.linesStartingWith("RESTORE_START ")).filter(n -> n > 0).count(),
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
      checker.run(dumps, reads, routed).forEach(report::add);
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
   * Every worker's dump, taken while the assignment stood still: the owners' reads are checked
   * for each key answered exactly once, so a task that moved between two workers' dumps would
   * look lost (or doubled). Dumps again, up to three times, while the owners differ between
   * before and after.
   */
  private static List<String> dump(WorkerPool pool, EndOfRunWaits waits)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      EndOfRunWaits.Assignment before = waits.assignment(pool);
      List<String> out = dumpOnce(pool);
      EndOfRunWaits.Assignment after = waits.assignment(pool);
      if (before.running().equals(after.running()) || attempt == 3) {
        return out;
      }
      System.out.printf("tasks moved during the dump, dumping again:%n before:%s%n after:%s%n",
          before.snapshot(), after.snapshot());
    }
  }

  private static List<String> dumpOnce(WorkerPool pool) throws InterruptedException {
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

  /** The number that ends each line (a restore event's record count). */
  private static LongStream lastNumbers(List<String> lines) {
    return lines.stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)));
  }
}
