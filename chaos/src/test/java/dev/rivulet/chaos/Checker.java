package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.chaos.CheckResult.Violations;
import dev.rivulet.chaos.ChaosModel.GroupState;
import dev.rivulet.chaos.ChaosModel.KeyOutput;
import dev.rivulet.chaos.ChaosModel.KeyState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The independent checker, run once the system is quiet. It trusts nothing the workers say:
 * everything is recomputed from the input topic as the broker holds it and compared with what
 * the read_committed topics, the changelogs, the DLQ and the group's committed offsets hold.
 */
final class Checker {
  private static final JsonSerde<KeyOutput> KEY_OUTPUT = JsonSerde.of(KeyOutput.class);
  private static final JsonSerde<KeyState> KEY_STATE = JsonSerde.of(KeyState.class);

  private final Topics admin;
  private final ChaosTopology.Topics topics;
  private final String app;
  private final ChaosProfile profile;
  private final Driver driver;
  private final List<CheckResult> results = new ArrayList<>();
  private Reference reference;
  private StageTwoChecks stageTwo;

  Checker(Topics admin, ChaosTopology.Topics topics, String app, ChaosProfile profile,
      Driver driver) {
    this.admin = admin;
    this.topics = topics;
    this.app = app;
    this.profile = profile;
    this.driver = driver;
  }

  private CheckScope scope() {
    return new CheckScope(admin, topics, app, profile);
  }

  static String changelog(String app, String processor, String store) {
    return app + "-" + processor + "-" + store + "-changelog";
  }

  static String dlq(String app, String processor) {
    return app + "-" + processor + "-dlq";
  }

  /** Every topic a worker writes transactionally. */
  List<String> writtenTopics() {
    return TopicLayout.of(profile, topics, app).written();
  }

  /**
   * Runs every check; {@code dumps} are the workers' query results at the end (may be empty),
   * {@code reads} their answers to the {@link QueryProbe} during the run (may be empty),
   * {@code routed} the {@link RoutedQueryProbe} that read over HTTP during the run.
   */
  List<CheckResult> run(List<String> dumps, List<String> reads, RoutedQueryProbe routed)
      throws Exception {
    reference = new Reference(admin.readAll(topics.input(), IsolationLevel.READ_UNCOMMITTED));
    checkDriver();
    checkNoOpenTransactions();
    checkCommittedOffsets(topics.input());
    checkOutputs();
    if (profile.repartition()) {
      stageTwo = new StageTwoChecks(scope(), reference);
      results.addAll(stageTwo.regrouped());
      results.add(stageTwo.groupOutputs());
    }
    checkChangelogState();
    if (profile.windows()) {
      WindowChecks windows = new WindowChecks(scope(), reference);
      results.add(windows.finalResults());
      results.add(windows.deadLetters(driver));
    }
    if (profile.expirer()) {
      TtlChecks ttl = new TtlChecks(scope(), reference);
      results.addAll(ttl.outputs());
      results.add(ttl.deadLetters(driver));
    }
    if (!dumps.isEmpty()) {
      Map<String, GroupState> groupStates =
          stageTwo != null ? stageTwo.groups().finalState : Map.of();
      results.add(DumpChecks.ownerReads(dumps, reference.finalState, groupStates));
      results.add(DumpChecks.replicaReads(dumps, reference.finalState, groupStates,
          profile.standbyReplicas() > 0));
    }
    if (!reads.isEmpty()) {
      results.add(DumpChecks.readsDuringFaults(reads, reference.statesOf));
    }
    results.add(DumpChecks.routedReads(routed.lines(), routed.unreachable(),
        routed.answersWithPeers(), reference.statesOf));
    checkDeadLetters();
    return results;
  }

  private void checkDriver() {
    Violations v = new Violations();
    for (Driver.Planned p : driver.plan()) {
      int n = reference.inputCount.getOrDefault(p.id(), 0);
      if (n != 1) {
        v.add(p.id() + " is in the input " + n + " times");
      }
    }
    results.add(CheckResult.of("driver: input holds every planned record exactly once",
        v.count() == 0, v.count() == 0 ? driver.plan().size() + " records"
            : v.count() + " problems: " + v.examples()));
  }

  private void checkNoOpenTransactions() throws Exception {
    Violations v = new Violations();
    long partitions = 0;
    for (String topic : writtenTopics()) {
      Map<TopicPartition, Long> lso = admin.endOffsets(topic, IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, Long> hw = admin.endOffsets(topic, IsolationLevel.READ_UNCOMMITTED);
      for (TopicPartition tp : hw.keySet()) {
        partitions++;
        if (!lso.get(tp).equals(hw.get(tp))) {
          v.add(tp + " LSO " + lso.get(tp) + " < HW " + hw.get(tp));
        }
      }
    }
    results.add(CheckResult.eos(CheckKind.OTHER,
        "no open transactions (LSO = HW)", v, partitions, "partitions"));
  }

  private void checkCommittedOffsets(String topic) throws Exception {
    checkCommitted(topic, admin.endOffsets(topic, IsolationLevel.READ_UNCOMMITTED),
        "end offsets");
  }

  /** Offsets the group must have committed equal {@code expected} on every partition. */
  private void checkCommitted(String topic, Map<TopicPartition, Long> expected, String what)
      throws Exception {
    Map<TopicPartition, Long> committed = admin.committed(app, topic);
    Violations v = new Violations();
    for (TopicPartition tp : committed.keySet()) {
      long want = expected.getOrDefault(tp, 0L);
      if (committed.get(tp) != want) {
        v.add(tp + " committed " + committed.get(tp) + ", " + what + " " + want);
      }
    }
    results.add(CheckResult.eos(CheckKind.OTHER, "committed offsets = " + what + " of " + topic, v,
        committed.size(), "partitions"));
  }

  /** Duplicates show here (and outputs of no good input). */
  static final String NO_DUPLICATE_OUTPUT = "output: no good id more than once (read_committed)";
  /** Lost input shows here. */
  static final String NO_MISSING_OUTPUT = "output: every good id has an output (read_committed)";

  private void checkOutputs() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> out =
        admin.readAll(topics.output(), IsolationLevel.READ_COMMITTED);
    Map<String, Integer> seen = new HashMap<>();
    Violations once = new Violations();
    Violations missing = new Violations();
    Violations seq = new Violations();
    Violations values = new Violations();
    Map<String, Long> lastSeq = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : out) {
      KeyOutput o = KEY_OUTPUT.deserialize(null, r.value());
      if (seen.merge(o.id(), 1, Integer::sum) == 2) {
        once.add(o.id() + " output more than once");
      }
      Reference.Expected e = reference.byId.get(o.id());
      if (e == null) {
        once.add("output " + o.id() + " is not a good input");
        continue;
      }
      long previous = lastSeq.getOrDefault(o.key(), 0L);
      if (o.seq() != previous + 1 || o.previousSeq() != previous) {
        seq.add(o.key() + ": seq " + o.seq() + " (state said " + o.previousSeq() + ") after "
            + previous + " at " + r.topic() + "-" + r.partition() + "@" + r.offset());
      }
      lastSeq.put(o.key(), o.seq());
      KeyState want = e.after();
      if (!o.key().equals(e.event().key()) || o.seq() != e.event().seq()
          || o.count() != want.count() || o.sum() != want.sum() || o.hash() != want.hash()) {
        values.add(o.id() + " of " + o.key() + ": count/sum/hash " + o.count() + "/" + o.sum()
            + "/" + o.hash() + ", reference " + want.count() + "/" + want.sum() + "/"
            + want.hash());
      }
    }
    for (String id : reference.byId.keySet()) {
      if (!seen.containsKey(id)) {
        missing.add(id + " has no output");
      }
    }
    for (Map.Entry<String, KeyState> k : reference.finalState.entrySet()) {
      long last = lastSeq.getOrDefault(k.getKey(), 0L);
      if (last != k.getValue().lastSeq()) {
        seq.add(k.getKey() + ": last output seq " + last + ", input has " + k.getValue().lastSeq());
      }
    }
    // apart, so that each negative run can be required to break its own one
    results.add(CheckResult.eos(CheckKind.DUPLICATED,
        NO_DUPLICATE_OUTPUT, once, reference.byId.size(), "good ids"));
    results.add(CheckResult.eos(CheckKind.LOST,
        NO_MISSING_OUTPUT, missing, reference.byId.size(), "good ids"));
    results.add(CheckResult.eos(CheckKind.OTHER,
        "output: per-key sequence numbers increase by exactly 1", seq,
        reference.finalState.size(), "keys"));
    results.add(CheckResult.eos(CheckKind.OTHER,
        "output: count/sum/hash = reference over the key's input prefix",
        values, out.size(), "outputs"));
  }

  private void checkChangelogState() throws Exception {
    Map<String, KeyState> keys = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : admin.readAll(
        changelog(app, ChaosTopology.SEQUENCER, ChaosTopology.KEY_STATE.name()),
        IsolationLevel.READ_COMMITTED)) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      keys.put(key, r.value() == null ? null : KEY_STATE.deserialize(null, r.value()));
    }
    keys.values().removeIf(Objects::isNull);
    results.add(CheckResult.eos(CheckKind.STATE,
        "final state: compacted changelog view = reference (stage 1)",
        compare(keys, reference.finalState), reference.finalState.size(), "keys"));
    if (stageTwo != null) {
      results.add(stageTwo.changelogState());
    }
  }

  static <T> Violations compare(Map<String, T> actual, Map<String, T> expected) {
    Violations v = new Violations();
    expected.forEach((k, want) -> {
      if (!want.equals(actual.get(k))) {
        v.add(k + ": " + actual.get(k) + ", reference " + want);
      }
    });
    actual.keySet().stream().filter(k -> !expected.containsKey(k))
        .forEach(k -> v.add(k + " has state but no good input"));
    return v;
  }

  /**
   * Whether a dead letter carries its original input record: key, value and the
   * {@code rivulet.dlq.*} provenance of its position in {@code input}, and an exception.
   */
  static boolean provenanceMatches(String input, ConsumerRecord<byte[], byte[]> dead,
      ConsumerRecord<byte[], byte[]> original) {
    return input.equals(Reference.header(dead, "rivulet.dlq.topic"))
        && String.valueOf(original.partition())
            .equals(Reference.header(dead, "rivulet.dlq.partition"))
        && String.valueOf(original.offset()).equals(Reference.header(dead, "rivulet.dlq.offset"))
        && Reference.header(dead, "rivulet.dlq.exception") != null
        && Arrays.equals(original.key(), dead.key())
        && Arrays.equals(original.value(), dead.value());
  }

  /**
   * The bad records of a DLQ by id (the first copy of each); a repeated id and a good record in
   * it are violations.
   */
  static Map<String, ConsumerRecord<byte[], byte[]>> readDeadLetters(
      List<ConsumerRecord<byte[], byte[]>> dlq, Violations v) {
    Map<String, ConsumerRecord<byte[], byte[]>> bad = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      String id = Reference.idOf(r);
      if (!seen.add(id)) {
        v.add(id + " dead-lettered more than once");
      } else if (BadKind.ofId(id) == null) {
        v.add("good record " + id + " dead-lettered: "
            + Reference.header(r, "rivulet.dlq.message"));
      } else {
        bad.put(id, r);
      }
    }
    return bad;
  }

  private void checkDeadLetters() throws Exception {
    Violations v = new Violations();
    Map<String, ConsumerRecord<byte[], byte[]>> seen = readDeadLetters(
        admin.readAll(dlq(app, ChaosTopology.SEQUENCER), IsolationLevel.READ_COMMITTED), v);
    seen.forEach((id, r) -> {
      ConsumerRecord<byte[], byte[]> original = reference.badInput.get(id);
      if (original == null || !provenanceMatches(topics.input(), r, original)) {
        v.add(id + ": provenance or payload does not match the input record");
      }
    });
    Map<BadKind, Integer> byKind = new LinkedHashMap<>();
    for (Driver.Planned p : driver.plan()) {
      if (p.bad() != null) {
        byKind.merge(p.bad(), seen.containsKey(p.id()) ? 1 : 0, Integer::sum);
        if (!seen.containsKey(p.id())) {
          v.add(p.id() + " (" + p.bad() + ") not in the DLQ");
        }
      }
    }
    if (profile.repartition()) {
      long stage2 = admin.readAll(dlq(app, ChaosTopology.GROUPER),
          IsolationLevel.READ_COMMITTED).size();
      if (stage2 != 0) {
        v.add(stage2 + " records in the stage 2 DLQ, expected none");
      }
    }
    results.add(CheckResult.eos(CheckKind.DLQ, "DLQ: each bad record exactly once, with provenance",
        v, driver.plan().stream().filter(p -> p.bad() != null).count(), "bad records")
        .plusDetail(byKind.toString()));
  }
}
