package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.chaos.CheckResult.Violations;
import dev.rivulet.chaos.ChaosModel.GroupOutput;
import dev.rivulet.chaos.ChaosModel.GroupState;
import dev.rivulet.chaos.ChaosModel.Regrouped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The checker's part for the second stage of the topology (the repartition topic, the grouper's
 * outputs and its changelog), recomputed from the stage 1 reference. Run {@link #regrouped} first:
 * it builds the per-group reference the other checks compare with.
 */
final class StageTwoChecks {
  private static final JsonSerde<Regrouped> REGROUPED = JsonSerde.of(Regrouped.class);
  private static final JsonSerde<GroupOutput> GROUP_OUTPUT = JsonSerde.of(GroupOutput.class);
  private static final JsonSerde<GroupState> GROUP_STATE = JsonSerde.of(GroupState.class);

  private final CheckScope scope;
  private final Reference reference;
  private final Reference.Groups groups = new Reference.Groups();

  StageTwoChecks(CheckScope scope, Reference reference) {
    this.scope = scope;
    this.reference = reference;
  }

  /** The per-group reference, complete once {@link #regrouped} ran. */
  Reference.Groups groups() {
    return groups;
  }

  /** Stage 2 input: the repartition topic holds every good id once; committed offsets fit. */
  List<CheckResult> regrouped() throws Exception {
    List<CheckResult> results = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Violations v = new Violations();
    List<ConsumerRecord<byte[], byte[]>> mid =
        scope.admin().readAll(scope.topics().regrouped(), IsolationLevel.READ_COMMITTED);
    // stage 2 commits at least the offset after the last committed record and at most the log
    // end: its position may move past the transaction markers that follow that record
    Map<TopicPartition, Long> afterLast = new HashMap<>();
    mid.forEach(r -> afterLast.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1));
    Map<TopicPartition, Long> end =
        scope.admin().endOffsets(scope.topics().regrouped(), IsolationLevel.READ_UNCOMMITTED);
    Map<TopicPartition, Long> committed =
        scope.admin().committed(scope.app(), scope.topics().regrouped());
    Violations offsets = new Violations();
    for (TopicPartition tp : committed.keySet()) {
      long c = committed.get(tp);
      if (c < afterLast.getOrDefault(tp, 0L) || c > end.getOrDefault(tp, 0L)) {
        offsets.add(tp + " committed " + c + ", expected between "
            + afterLast.getOrDefault(tp, 0L) + " and the end " + end.getOrDefault(tp, 0L));
      }
    }
    results.add(CheckResult.eos(CheckKind.OTHER,
        "committed offsets of " + scope.topics().regrouped()
        + " past its last committed record, within the log", offsets, committed.size(),
        "partitions"));
    for (ConsumerRecord<byte[], byte[]> r : mid) {
      Regrouped g = REGROUPED.deserialize(null, r.value());
      String group = new String(r.key(), StandardCharsets.UTF_8);
      if (seen.merge(g.id(), 1, Integer::sum) == 2) {
        v.add(g.id() + " regrouped more than once");
      }
      Reference.Expected e = reference.byId.get(g.id());
      if (e == null || !e.event().key().equals(g.key()) || e.event().seq() != g.seq()
          || e.event().amount() != g.amount()
          || !group.equals(ChaosModel.groupOf(g.key(), scope.profile().groups()))) {
        v.add(g.id() + " regrouped as " + g + " under " + group + ", input " + e);
      }
      groups.add(group, g.id(), g.amount());
    }
    reference.byId.keySet().stream().filter(id -> !seen.containsKey(id)).forEach(id ->
        v.add(id + " never reached the repartition topic"));
    results.add(CheckResult.eos(CheckKind.OTHER,
        "repartition topic: every good id exactly once, fields intact", v,
        reference.byId.size(), "good ids"));
    return results;
  }

  /** Stage 2 output: per group exactly the regrouped sequence, with the reference's values. */
  CheckResult groupOutputs() throws Exception {
    Map<String, List<String>> actualOrder = new LinkedHashMap<>();
    Violations v = new Violations();
    List<ConsumerRecord<byte[], byte[]>> out =
        scope.admin().readAll(scope.topics().groupOutput(), IsolationLevel.READ_COMMITTED);
    for (ConsumerRecord<byte[], byte[]> r : out) {
      GroupOutput o = GROUP_OUTPUT.deserialize(null, r.value());
      actualOrder.computeIfAbsent(o.group(), g -> new ArrayList<>()).add(o.id());
      GroupState want = groups.afterId.get(o.id());
      if (want == null || want.count() != o.count() || want.sum() != o.sum()
          || want.hash() != o.hash()) {
        v.add(o.group() + "/" + o.id() + ": " + o.count() + "/" + o.sum() + "/" + o.hash()
            + ", reference " + want);
      }
    }
    for (Map.Entry<String, List<String>> g : groups.order.entrySet()) {
      List<String> actual = actualOrder.getOrDefault(g.getKey(), List.of());
      if (!actual.equals(g.getValue())) {
        v.add(g.getKey() + ": " + actual.size() + " outputs, " + g.getValue().size()
            + " regrouped inputs, first difference at " + firstDifference(actual, g.getValue()));
      }
    }
    return CheckResult.eos(CheckKind.OTHER,
        "stage 2 output: per group exactly the regrouped sequence, "
        + "count/sum/hash = reference", v, out.size(), "outputs");
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }

  /** The grouper's compacted changelog holds the reference's final state of every group. */
  CheckResult changelogState() throws Exception {
    Map<String, GroupState> gs = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : scope.admin().readAll(
        Checker.changelog(scope.app(), ChaosTopology.GROUPER, ChaosTopology.GROUP_STATE.name()),
        IsolationLevel.READ_COMMITTED)) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      gs.put(key, r.value() == null ? null : GROUP_STATE.deserialize(null, r.value()));
    }
    gs.values().removeIf(Objects::isNull);
    return CheckResult.eos(CheckKind.STATE,
        "final state: compacted changelog view = reference (stage 2)",
        Checker.compare(gs, groups.finalState), groups.finalState.size(), "groups");
  }
}
