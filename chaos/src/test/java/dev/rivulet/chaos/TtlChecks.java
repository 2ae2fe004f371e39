package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.chaos.CheckResult.Violations;
import dev.rivulet.chaos.ChaosModel.ExpiryOutput;
import dev.rivulet.chaos.ChaosModel.InputEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * The checker's part for the expirer ({@link Expirer}): processing-time TTL under chaos, without
 * an injectable clock. The TTL store reads {@code System.currentTimeMillis} to stamp a write's
 * expiry and to judge a read; the expirer brackets both with its own reads of that clock,
 * {@code t0} before its state read and {@code t1} after its write, and puts them in its output.
 * A record B of a key therefore found the value its previous record A wrote iff
 * {@code read_B - write_A < ttl}, where {@code t0_B - t1_A <= read_B - write_A <= t1_B - t0_A}.
 * The bracket of A is the one of A's committed output: its state write and its output commit in
 * one transaction, so after a crash and replay both come from the same (last) execution.
 *
 * <p>Per key, in input order, the committed output of each good record must exist once; what it
 * read must be the key's previous good record, with the {@code t0} of that record's committed
 * output (never an older record, never a rolled-back write, never a stale restore); and the
 * previous value must have been there when {@code t1_B - t0_A < ttl - slack} and gone when
 * {@code t0_B - t1_A > ttl + slack}. In between the check cannot say: it bounds when a value
 * expires, it does not pin the instant.
 */
final class TtlChecks {
  /**
   * Slack on each side of the TTL. Processing jitter needs none: a GC pause, a thread descheduled
   * on the two busy cores or a SIGSTOP between {@code t0} and the state read all widen the
   * bracket, which holds the store's own clock reads, and the widest bracket is reported. What
   * the slack covers is the clock moving under the JVMs (all read the same system wall clock):
   * NTP slews it by at most 0.5 ms/s, under 10 ms over the TTLs here; 100 ms also absorbs a small
   * step. It costs little: at the driver's pace about 2.5% of the CI profile's gaps lie within
   * 100 ms of its 3 s TTL. (A slack of 0.5–1 s for unmeasured jitter would leave no case where
   * the value must be present in the at-least-once run, whose TTL is 500 ms.)
   */
  static final long SLACK_MILLIS = 100;
  /** Loss and duplicates show here. */
  static final String ONCE = "ttl: exactly one expirer output per good input (read_committed)";
  /** A stale, skipped or rolled-back value shows here. */
  static final String READS =
      "ttl: a value read is the key's previous good record, as its committed output wrote it";
  /** A value that expired too early or lived too long shows here (the name goes on). */
  static final String EXPIRY = "ttl: expiry agrees with the wall clock";
  private static final JsonSerde<ExpiryOutput> OUTPUT = JsonSerde.of(ExpiryOutput.class);
  private static final JsonSerde<InputEvent> INPUT = JsonSerde.of(InputEvent.class);

  private final CheckScope scope;
  private final Reference reference;

  TtlChecks(CheckScope scope, Reference reference) {
    this.scope = scope;
    this.reference = reference;
  }

  /** How often the previous value had to be present or absent, or could go either way. */
  private static final class Tally {
    long mustBePresent;
    long mustBeAbsent;
    long undecidedPresent;
    long undecidedAbsent;
    long widestBracket;

    @Override
    public String toString() {
      return String.format("present required %d, absent required %d, undecidable %d (%d present, "
              + "%d absent); widest [t0, t1] bracket %d ms", mustBePresent, mustBeAbsent,
          undecidedPresent + undecidedAbsent, undecidedPresent, undecidedAbsent, widestBracket);
    }
  }

  /** The three checks of the expirer's committed output (once, what was read, expiry). */
  List<CheckResult> outputs() throws Exception {
    List<ExpiryOutput> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : scope.admin()
        .readAll(scope.topics().expirerOutput(), IsolationLevel.READ_COMMITTED)) {
      out.add(OUTPUT.deserialize(null, r.value()));
    }
    return check(out, idsByKey(), scope.profile().ttlMillis());
  }

  /**
   * The checks of {@link #outputs} over the committed outputs in topic order, given each key's
   * good ids in input order and the TTL.
   */
  static List<CheckResult> check(List<ExpiryOutput> out, Map<String, List<String>> idsByKey,
      long ttl) {
    Set<String> good = new HashSet<>();
    idsByKey.values().forEach(good::addAll);
    Map<String, List<ExpiryOutput>> outputsOf = new HashMap<>();
    Violations once = new Violations();
    for (ExpiryOutput o : out) {
      if (!good.contains(o.id())) {
        once.add("output " + o.id() + " is not a good input");
      } else if (outputsOf.computeIfAbsent(o.id(), id -> new ArrayList<>()).add(o)
          && outputsOf.get(o.id()).size() == 2) {
        once.add(o.id() + " output more than once");
      }
    }
    good.stream().filter(id -> !outputsOf.containsKey(id)).sorted()
        .forEach(id -> once.add(id + " has no output"));
    Violations reads = new Violations();
    Violations expiry = new Violations();
    Tally tally = new Tally();
    long checked = 0;
    for (Map.Entry<String, List<String>> key : idsByKey.entrySet()) {
      String previous = null;
      for (String id : key.getValue()) {
        List<ExpiryOutput> before =
            previous == null ? List.of() : outputsOf.getOrDefault(previous, List.of());
        // one output per id, unless the run duplicated some (at-least-once): then every copy
        // is checked against the copy of the previous record it read, or against all of them
        for (ExpiryOutput o : outputsOf.getOrDefault(id, List.of())) {
          checked++;
          checkRead(key.getKey(), previous, o, before, reads);
          if (!before.isEmpty()) {
            checkExpiry(writers(o, before), o, ttl, tally, expiry);
          }
        }
        previous = id;
      }
    }
    boolean bothOccurred = tally.mustBePresent > 0 && tally.mustBeAbsent > 0;
    String expiryDetail = (expiry.count() == 0 ? "" : expiry.count() + " violation(s), first: "
        + String.join("; ", expiry.examples()) + "; ") + tally
        + (bothOccurred ? "" : "; NOT SHOWN: both a value that had to live and one that had to "
            + "expire must occur, or the check proves nothing");
    return List.of(
        CheckResult.eos(CheckKind.TTL,
            ONCE, once, good.size(), "good ids (" + out.size() + " outputs)"),
        CheckResult.eos(CheckKind.TTL, READS, reads, checked, "outputs"),
        new CheckResult(CheckKind.TTL,
            EXPIRY + " (ttl " + ttl + " ms, slack " + SLACK_MILLIS + " ms)",
            expiry.count() == 0 && bothOccurred, expiryDetail, true,
            expiry.count() + (bothOccurred ? 0 : 1)));
  }

  /** Good ids per key in input order (a key's records are in one partition, in offset order). */
  private Map<String, List<String>> idsByKey() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : reference.goodRecords) {
      InputEvent e = INPUT.deserialize(null, r.value());
      out.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.id());
    }
    return out;
  }

  /** What {@code o} read: nothing, or its key's previous good record with that output's t0. */
  private static void checkRead(String key, @Nullable String previous, ExpiryOutput o,
      List<ExpiryOutput> before, Violations v) {
    if (o.seenId() == null) {
      if (o.seenT0() != null) {
        v.add(o.id() + " read no id but a t0 " + o.seenT0());
      }
      return;
    }
    if (!key.equals(o.key()) || !o.seenId().equals(previous)) {
      v.add(key + "/" + o.id() + " read " + o.seenId() + ", the previous good record is "
          + previous);
      return;
    }
    if (!before.isEmpty() && before.stream().noneMatch(b -> Objects.equals(o.seenT0(), b.t0()))) {
      v.add(key + "/" + o.id() + " read " + previous + " with t0 " + o.seenT0()
          + ", its committed output has t0 " + before.stream().map(ExpiryOutput::t0).toList()
          + " (a write that did not commit)");
    }
  }

  /**
   * The committed outputs of the previous record whose state write {@code o} can have seen: the
   * one with the t0 it read, or, if it read nothing (or a copy that matches none), all of them.
   */
  private static List<ExpiryOutput> writers(ExpiryOutput o, List<ExpiryOutput> before) {
    List<ExpiryOutput> read = before.stream()
        .filter(b -> b.id().equals(o.seenId()) && o.seenT0() != null && b.t0() == o.seenT0())
        .toList();
    return read.isEmpty() ? before : read;
  }

  /**
   * Whether {@code o} found the previous record's value as the wall clock says it must have,
   * whichever of {@code writers} wrote it.
   */
  private static void checkExpiry(List<ExpiryOutput> writers, ExpiryOutput o, long ttl,
      Tally tally, Violations v) {
    long shortest = Long.MAX_VALUE;
    long longest = Long.MIN_VALUE;
    tally.widestBracket = Math.max(tally.widestBracket, o.t1() - o.t0());
    for (ExpiryOutput w : writers) {
      shortest = Math.min(shortest, o.t0() - w.t1());
      longest = Math.max(longest, o.t1() - w.t0());
      tally.widestBracket = Math.max(tally.widestBracket, w.t1() - w.t0());
    }
    String writer = writers.get(0).id();
    boolean present = o.seenId() != null;
    if (longest < ttl - SLACK_MILLIS) {
      tally.mustBePresent++;
      if (!present) {
        v.add(o.key() + "/" + o.id() + " found nothing, though at most " + longest
            + " ms passed since " + writer + " wrote it");
      }
    } else if (shortest > ttl + SLACK_MILLIS) {
      tally.mustBeAbsent++;
      if (present) {
        v.add(o.key() + "/" + o.id() + " found " + o.seenId() + ", though at least " + shortest
            + " ms passed since " + writer + " wrote it");
      }
    } else if (present) {
      tally.undecidedPresent++;
    } else {
      tally.undecidedAbsent++;
    }
  }

  /** The expirer's dead letters: each bad record exactly once, with provenance, no good one. */
  CheckResult deadLetters(Driver driver) throws Exception {
    Violations v = new Violations();
    List<ConsumerRecord<byte[], byte[]>> dlq = scope.admin().readAll(
        Checker.dlq(scope.app(), ChaosTopology.EXPIRER), IsolationLevel.READ_COMMITTED);
    Map<String, ConsumerRecord<byte[], byte[]>> seen = Checker.readDeadLetters(dlq, v);
    long bad = 0;
    for (Driver.Planned p : driver.plan()) {
      if (p.bad() == null) {
        continue;
      }
      bad++;
      ConsumerRecord<byte[], byte[]> dead = seen.get(p.id());
      ConsumerRecord<byte[], byte[]> original = reference.badInput.get(p.id());
      if (dead == null) {
        v.add(p.id() + " (" + p.bad() + ") not in the expirer's DLQ");
      } else if (original == null
          || !Checker.provenanceMatches(scope.topics().input(), dead, original)) {
        v.add(p.id() + ": provenance or payload does not match the input record");
      }
    }
    return CheckResult.eos(CheckKind.DLQ,
        "expirer DLQ: each bad record exactly once, with provenance", v, bad,
        "bad records");
  }
}
