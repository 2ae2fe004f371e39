package dev.rivulet.chaos;

import dev.rivulet.api.ProcessingGuarantee;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a run did and what the checks found; printed and written to the run directory. */
final class ChaosReport {
  private final ChaosProfile profile;
  private final long seed;
  private final Path runDir;
  private final List<CheckResult> results = new ArrayList<>();
  private final List<String> facts = new ArrayList<>();
  private Duration duration = Duration.ZERO;
  private long acked;
  private int faultsLanded;
  private @Nullable Duration lagToZero;

  ChaosReport(ChaosProfile profile, long seed, Path runDir) {
    this.profile = profile;
    this.seed = seed;
    this.runDir = runDir;
  }

  void add(CheckResult r) {
    results.add(r);
  }

  List<CheckResult> results() {
    return results;
  }

  void driver(long acked, @Nullable Exception error) {
    this.acked = acked;
    facts.add("driver: " + acked + " records acked" + (error == null ? "" : ", ERROR " + error));
    add(CheckResult.of("driver produced everything without error", error == null,
        acked + " acked"));
  }

  void lag(Duration toZero, boolean inTime, List<String> behind) {
    this.lagToZero = behind.isEmpty() ? toZero : null;
    add(CheckResult.of("lag back to 0 within 120 s of the last fault", inTime,
        String.format("%.1f s after the last fault", toZero.toMillis() / 1000.0)
            + (behind.isEmpty() ? "" : "; still behind: " + behind)));
  }

  void faults(List<Nemesis.Done> done, int rebalances) {
    Map<FaultKind, Integer> byKind = new EnumMap<>(FaultKind.class);
    done.forEach(d -> byKind.merge(d.kind(), 1, Integer::sum));
    faultsLanded = done.size();
    facts.add("faults: " + done.size() + " " + byKind);
    facts.add("rebalances (generations the group coordinator stabilized, from its log): "
        + rebalances);
    if (byKind.getOrDefault(FaultKind.NET_COMMIT_OUTCOME_LOST, 0) > 0) {
      long cut = done.stream().filter(d -> d.kind() == FaultKind.NET_COMMIT_OUTCOME_LOST
          && d.detail().startsWith(NetworkFaults.COMMIT_CUT)).count();
      add(CheckResult.of("faults bit: a commit reached the broker and its outcome was lost",
          cut >= 1, cut + " of " + byKind.get(FaultKind.NET_COMMIT_OUTCOME_LOST)
              + " armed commit blackholes went off"));
    }
  }

  void positionCorrections(long corrections) {
    facts.add("input positions corrected from task state (group offset behind the state, "
        + "e.g. a stale offset served after a broker restart): " + corrections);
  }

  /**
   * The workers' own evidence that the faults bit. Restores are counted from the workers'
   * restore events over every JVM of the run ({@code restoredRecords}: records of completed
   * restores; {@code restoresBegun}: restores that announced records to replay, including those
   * a kill cut short), not from their metrics: a task's restore counter leaves the registry
   * when the task moves on, so the last metrics line of a JVM misses it.
   */
  void evidence(long aborts, long fences, long restoredRecords, long restoresBegun,
      long deadLettered, long commits) {
    facts.add(String.format("worker metrics summed over %s: commits=%d aborts=%d fences=%d "
        + "deadLettered=%d", "all worker JVMs (last report of each)", commits, aborts, fences,
        deadLettered));
    if (profile.guarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
      add(CheckResult.of("faults bit: aborted transactions counted", aborts >= 1,
          aborts + " aborts"));
    }
    add(CheckResult.of("faults bit: at least one fence observed", fences >= 1, fences + " fences"));
    add(CheckResult.of("faults bit: at least one changelog restore",
        restoredRecords >= 1 || restoresBegun >= 1, restoredRecords
            + " records restored by completed restores, " + restoresBegun
            + " restores begun with records to replay"));
  }

  void checkBudget(Map<FaultKind, Integer> byKind, int rebalances) {
    int kills = byKind.getOrDefault(FaultKind.KILL_MID_STREAM, 0)
        + byKind.getOrDefault(FaultKind.KILL_DURING_RESTORE, 0)
        + byKind.getOrDefault(FaultKind.KILL_DURING_REBALANCE, 0);
    int network = byKind.entrySet().stream().filter(e -> e.getKey().network())
        .mapToInt(Map.Entry::getValue).sum();
    int cluster = byKind.entrySet().stream().filter(e -> e.getKey().cluster())
        .mapToInt(Map.Entry::getValue).sum();
    boolean ok = kills >= profile.kills()
        && byKind.getOrDefault(FaultKind.ZOMBIE, 0) >= profile.zombies()
        && byKind.getOrDefault(FaultKind.BROKER_KILL, 0) >= profile.brokerKills()
        && network >= profile.networkFaults()
        && cluster >= profile.clusterFaults()
        && (!profile.rollingUpgrade() || byKind.containsKey(FaultKind.ROLLING_UPGRADE))
        && rebalances >= profile.minRebalances();
    add(CheckResult.of("fault budget carried out", ok, String.format(
        "worker SIGKILLs %d/%d, zombies %d/%d, broker kills %d/%d, network faults %d/%d, "
            + "cluster faults %d/%d, rolling upgrades %d/%d, rebalances %d/%d", kills,
        profile.kills(),
        byKind.getOrDefault(FaultKind.ZOMBIE, 0), profile.zombies(),
        byKind.getOrDefault(FaultKind.BROKER_KILL, 0), profile.brokerKills(), network,
        profile.networkFaults(), cluster, profile.clusterFaults(),
        byKind.getOrDefault(FaultKind.ROLLING_UPGRADE, 0), profile.rollingUpgrade() ? 1 : 0,
        rebalances, profile.minRebalances())));
  }

  void finish(Duration took) {
    this.duration = took;
    print();
  }

  long passed() {
    return results.stream().filter(CheckResult::passed).count();
  }

  long failed() {
    return results.size() - passed();
  }

  /** Whether the check named {@code name} ran and failed (what a negative run must produce). */
  boolean failedCheck(String name) {
    return results.stream().anyMatch(r -> r.name().equals(name) && !r.passed());
  }

  /** Exactly-once checks that failed. */
  List<CheckResult> exactlyOnceViolations() {
    return results.stream().filter(r -> r.exactlyOnce() && !r.passed()).toList();
  }

  /**
   * The run in one line: brokers, records, faults that landed, and the violations the checks
   * found by kind ({@code not checked} when no check of that kind ran): outputs lost
   * ({@value Checker#NO_MISSING_OUTPUT}), duplicated ({@value Checker#NO_DUPLICATE_OUTPUT}),
   * final-state, window, TTL and dead-letter mismatches, wrong reads during the faults; and how
   * long after the last fault the lag was back to 0.
   */
  String summary() {
    StringBuilder figures = new StringBuilder();
    for (CheckKind kind : CheckKind.values()) {
      if (kind.figure() != null) {
        figures.append(figures.isEmpty() ? "" : ", ").append(kind.figure()).append(' ')
            .append(violations(kind));
      }
    }
    return String.format("summary: %d broker(s), %d records, %d faults landed; %s; lag back to 0 "
        + "%s", profile.brokers(), acked, faultsLanded, figures,
        lagToZero == null ? "never"
            : String.format("%.1f s after the last fault", lagToZero.toMillis() / 1000.0));
  }

  private String violations(CheckKind kind) {
    List<CheckResult> checks = results.stream().filter(r -> r.kind() == kind).toList();
    return checks.isEmpty() ? "not checked"
        : Long.toString(checks.stream().mapToLong(CheckResult::violations).sum());
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("--- chaos report: profile %s, seed %d, %s%s, %s client timeouts, "
        + "%.0f s ---%n",
        profile.name(), seed, profile.guarantee(),
        profile.brokenCommit() ? " (offsets outside the transaction)" : "",
        ClientTimeouts.RUN.name(), duration.toMillis() / 1000.0));
    b.append(summary()).append('\n');
    facts.forEach(f -> b.append(f).append('\n'));
    for (CheckResult r : results) {
      b.append(r.passed() ? "PASS " : "FAIL ").append(r.name()).append(": ").append(r.detail())
          .append('\n');
    }
    if (profile.expectViolations()) {
      b.append(String.format("negative run '%s': %d exactly-once violation(s) detected, as it "
          + "must (%d checks held, %d did not)%n", profile.name(),
          exactlyOnceViolations().size(), passed(), failed()));
    } else {
      b.append(String.format("%d passed, %d failed%n", passed(), failed()));
    }
    return b.toString();
  }

  private void print() {
    String text = text();
    System.out.print(text);
    try {
      Files.createDirectories(runDir);
      Files.writeString(runDir.resolve("report.txt"), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
