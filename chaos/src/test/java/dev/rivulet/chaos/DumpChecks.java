package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.chaos.ChaosModel.GroupState;
import dev.rivulet.chaos.ChaosModel.KeyState;
import dev.rivulet.chaos.CheckResult.Violations;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of what the workers answered when asked at the end of a run (their dump lines, each
 * prefixed by the worker's name): {@code Q processor key json}, interactive queries of the
 * owners' state, and {@code R processor key json}, stale reads from standby replicas taken once
 * the replicas caught up. Both must be the reference final state.
 */
final class DumpChecks {
  private static final JsonSerde<KeyState> KEY_STATE = JsonSerde.of(KeyState.class);
  private static final JsonSerde<GroupState> GROUP_STATE = JsonSerde.of(GroupState.class);

  private DumpChecks() {}

  /** Every key and group answered by exactly one owner, with its reference final state. */
  static CheckResult ownerReads(List<String> dumps, Map<String, KeyState> keys,
      Map<String, GroupState> groups) {
    Map<String, KeyState> answeredKeys = new HashMap<>();
    Map<String, GroupState> answeredGroups = new HashMap<>();
    Violations twice = new Violations();
    for (String line : dumps) {
      String[] p = line.split(" ", 5);
      if (!p[1].equals("Q")) {
        continue;
      }
      byte[] json = p[4].getBytes(StandardCharsets.UTF_8);
      boolean dup = p[2].equals(ChaosTopology.SEQUENCER)
          ? answeredKeys.put(p[3], KEY_STATE.deserialize(null, json)) != null
          : answeredGroups.put(p[3], GROUP_STATE.deserialize(null, json)) != null;
      if (dup) {
        twice.add(p[3] + " answered by two workers");
      }
    }
    Violations v = Checker.compare(answeredKeys, keys);
    if (!groups.isEmpty()) {
      Checker.compare(answeredGroups, groups).examples().forEach(v::add);
    }
    twice.examples().forEach(v::add);
    return CheckResult.eos("final state: workers' interactive queries = reference", v,
        keys.size() + groups.size(), "keys and groups");
  }

  /**
   * Every replica's answer is the reference final state, the same as the owner's: a replica
   * that kept state it should have dropped, missed a changelog batch or applied an aborted one
   * answers something else. With standbys configured and more than one worker answering, there
   * must be replica answers to check.
   */
  static CheckResult replicaReads(List<String> dumps, Map<String, KeyState> keys,
      Map<String, GroupState> groups, boolean standbys) {
    Violations v = new Violations();
    Set<String> workers = new HashSet<>();
    int answers = 0;
    for (String line : dumps) {
      String[] p = line.split(" ", 5);
      workers.add(p[0]);
      if (!p[1].equals("R")) {
        continue;
      }
      answers++;
      byte[] json = p[4].getBytes(StandardCharsets.UTF_8);
      boolean key = p[2].equals(ChaosTopology.SEQUENCER);
      Object actual = key ? KEY_STATE.deserialize(null, json) : GROUP_STATE.deserialize(null, json);
      Object expected = key ? keys.get(p[3]) : groups.get(p[3]);
      if (!actual.equals(expected)) {
        v.add(p[0] + "'s replica of " + p[2] + " " + p[3] + ": " + actual + ", reference "
            + expected);
      }
    }
    if (standbys && workers.size() > 1 && answers == 0) {
      v.add("standby replicas configured and " + workers.size()
          + " workers answering, but no replica answered");
    }
    return CheckResult.eos("final state: stale reads from standby replicas = reference", v,
        answers, "replica answers from " + workers.size() + " workers");
  }
}
