package dev.rivulet.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.chaos.ChaosModel.ExpiryOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TtlChecks#check} on hand-made outputs of one key with a TTL of 3 s: it passes a history
 * the wall clock allows and fails each kind of wrong one. No broker.
 */
class TtlChecksTest {
  private static final long TTL = 3_000;
  private static final Map<String, List<String>> IDS = Map.of("k", List.of("a", "b", "c"));

  private static ExpiryOutput out(String id, String seenId, Long seenT0, long t0) {
    return new ExpiryOutput("k", id, seenId, seenT0, t0, t0 + 2, null);
  }

  /** a at 0; b 1 s later (must find a); c 5 s after b (must find nothing). */
  private static List<ExpiryOutput> valid() {
    return new ArrayList<>(List.of(
        out("a", null, null, 0),
        out("b", "a", 0L, 1_000),
        out("c", null, null, 6_000)));
  }

  private static CheckResult named(List<CheckResult> results, String prefix) {
    return results.stream().filter(r -> r.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void aHistoryTheClockAllowsPassesAndCountsBothKinds() {
    List<CheckResult> results = TtlChecks.check(valid(), IDS, TTL);
    results.forEach(r -> assertTrue(r.passed(), r::toString));
    String detail = named(results, TtlChecks.EXPIRY).detail();
    assertTrue(detail.contains("present required 1, absent required 1, undecidable 0"), detail);
  }

  @Test
  void aGapWithinTheSlackIsUndecidableEitherWay() {
    for (String seen : new String[] {null, "b"}) {
      List<ExpiryOutput> outs = valid();
      outs.set(2, out("c", seen, seen == null ? null : 1_000L, 1_000 + TTL));
      List<CheckResult> results = TtlChecks.check(outs, IDS, TTL);
      CheckResult expiry = named(results, TtlChecks.EXPIRY);
      assertFalse(expiry.passed(), "only one decided case: proves nothing");
      assertTrue(expiry.detail().contains("undecidable 1"), expiry.detail());
      assertTrue(expiry.detail().contains("NOT SHOWN"), expiry.detail());
      assertTrue(named(results, TtlChecks.READS).passed());
    }
  }

  @Test
  void aValueGoneTooEarlyFails() {
    List<ExpiryOutput> outs = valid();
    outs.set(1, out("b", null, null, 1_000));
    CheckResult expiry = named(TtlChecks.check(outs, IDS, TTL), TtlChecks.EXPIRY);
    assertFalse(expiry.passed());
    assertTrue(expiry.detail().contains("k/b found nothing"), expiry.detail());
  }

  @Test
  void aValueThatLivedTooLongFails() {
    List<ExpiryOutput> outs = valid();
    outs.set(2, out("c", "b", 1_000L, 6_000));
    CheckResult expiry = named(TtlChecks.check(outs, IDS, TTL), TtlChecks.EXPIRY);
    assertFalse(expiry.passed());
    assertTrue(expiry.detail().contains("k/c found b"), expiry.detail());
  }

  @Test
  void anOlderValueFails() {
    List<ExpiryOutput> outs = valid();
    outs.set(2, out("c", "a", 0L, 2_000));
    CheckResult reads = named(TtlChecks.check(outs, IDS, TTL), TtlChecks.READS);
    assertFalse(reads.passed());
    assertTrue(reads.detail().contains("read a, the previous good record is b"), reads.detail());
  }

  @Test
  void aValueFromAWriteThatDidNotCommitFails() {
    List<ExpiryOutput> outs = valid();
    outs.set(1, out("b", "a", 7L, 1_000));
    CheckResult reads = named(TtlChecks.check(outs, IDS, TTL), TtlChecks.READS);
    assertFalse(reads.passed());
    assertTrue(reads.detail().contains("its committed output has t0 [0]"), reads.detail());
  }

  @Test
  void aDuplicatedRecordIsJudgedByTheCopyItRead() {
    List<ExpiryOutput> outs = valid();
    outs.add(2, out("b", "a", 0L, 4_500));
    outs.set(3, out("c", "b", 4_500L, 6_000));
    List<CheckResult> results = TtlChecks.check(outs, IDS, TTL);
    assertFalse(named(results, TtlChecks.ONCE).passed());
    assertTrue(named(results, TtlChecks.READS).passed(), results::toString);
    CheckResult expiry = named(results, TtlChecks.EXPIRY);
    // the copy of b at 4.5 s found a after 4.5 s: gone too long to be there
    assertTrue(expiry.detail().startsWith("1 violation(s)"), expiry.detail());
    assertTrue(expiry.detail().contains("k/b found a"), expiry.detail());
    // c found the copy at 4.5 s 1.5 s later: present required, not judged by the copy at 1 s
    assertTrue(expiry.detail().contains("present required 2, absent required 1"),
        expiry.detail());
  }

  @Test
  void duplicatesAndLossFail() {
    List<ExpiryOutput> outs = valid();
    outs.add(out("b", "a", 0L, 1_500));
    outs.remove(0);
    CheckResult once = named(TtlChecks.check(outs, IDS, TTL), TtlChecks.ONCE);
    assertFalse(once.passed());
    assertTrue(once.detail().startsWith("2 violation(s)"), once.detail());
    assertTrue(once.detail().contains("b output more than once"), once.detail());
    assertTrue(once.detail().contains("a has no output"), once.detail());
    assertEquals(3, TtlChecks.check(outs, IDS, TTL).size());
  }
}
