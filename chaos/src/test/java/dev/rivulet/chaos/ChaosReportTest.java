package dev.rivulet.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.chaos.CheckResult.Violations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChaosReport#summary}: the run's figures from the checks' violation counts. No broker. */
class ChaosReportTest {

  private static CheckResult check(CheckKind kind, String name, int violations) {
    Violations v = new Violations();
    for (int i = 0; i < violations; i++) {
      v.add("violation " + i);
    }
    return CheckResult.eos(kind, name, v, 100, "things");
  }

  @Test
  void theSummaryCountsViolationsByKindAndSaysWhatWasNotChecked() {
    ChaosReport report = new ChaosReport(ChaosProfile.ci(), 42, Path.of("unused"));
    report.driver(100_400, null);
    report.faults(List.of(
        new Nemesis.Done(1_000, FaultKind.ZOMBIE, "w1", "SIGSTOP"),
        new Nemesis.Done(2_000, FaultKind.BROKER_KILL, "broker 1", "down")), 12);
    report.lag(Duration.ofMillis(2_400), true, List.of());
    report.add(check(CheckKind.LOST, Checker.NO_MISSING_OUTPUT, 0));
    report.add(check(CheckKind.DUPLICATED, Checker.NO_DUPLICATE_OUTPUT, 3));
    report.add(check(CheckKind.STATE, "compacted changelog view = reference (stage 1)", 2));
    report.add(check(CheckKind.STATE, "workers' interactive queries = reference", 1));
    report.add(check(CheckKind.DLQ, "each bad record exactly once, with provenance", 0));
    report.add(check(CheckKind.DLQ, "expirer: each bad record exactly once", 4));
    report.add(check(CheckKind.READS, "routed HTTP reads during the faults", 5));
    report.add(check(CheckKind.OTHER, "no open transactions (LSO = HW)", 7));
    report.add(CheckResult.of("every worker stopped cleanly at the end", false, "1 killed"));

    assertEquals("summary: 3 broker(s), 100400 records, 2 faults landed; lost 0, duplicated 3, "
        + "state mismatches 3, window mismatches not checked, TTL mismatches not checked, DLQ "
        + "mismatches 4, wrong reads 5; lag back to 0 2.4 s after the last fault",
        report.summary());
  }

  @Test
  void aLagThatNeverWentBackTo0SaysSo() {
    ChaosReport report = new ChaosReport(ChaosProfile.ci(), 42, Path.of("unused"));
    report.lag(Duration.ofSeconds(120), false, List.of("in-3"));
    assertEquals("never", report.summary().replaceAll(".*lag back to 0 ", ""));
  }
}
