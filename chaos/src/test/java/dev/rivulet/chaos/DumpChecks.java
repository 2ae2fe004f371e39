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
import java.util.TreeMap;

/**
 * Checks of what the workers answered when asked at the end of a run (their dump lines, each
 * prefixed by the worker's name): {@code Q processor key json}, interactive queries of the
 * owners' state, and {@code R processor key json}, stale reads from standby replicas taken once
 * the replicas caught up. Both must be the reference final state.
 */
final class DumpChecks {
  private static final JsonSerde<KeyState> KEY_STATE = JsonSerde.of(KeyState.class);
  private static final JsonSerde<GroupState> GROUP_STATE = JsonSerde.of(GroupState.class);
  /** Answers while another worker served, after which some must have been forwarded. */
  static final int ANSWERS_WITH_PEERS = 50;

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
    return CheckResult.eos(CheckKind.STATE,
        "final state: workers' interactive queries = reference", v,
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
    return CheckResult.eos(CheckKind.STATE,
        "final state: stale reads from standby replicas = reference", v,
        answers, "replica answers from " + workers.size() + " workers");
  }

  /**
   * Reads made while the faults went on ({@link QueryProbe}): every answer, from a task or a
   * standby replica, must be a state its key really went through (the fold over a prefix of its
   * input; a replica may be behind, never wrong). A read may fail instead, with an error that
   * says to retry (the partition moved or is restoring); failures are counted by kind.
   */
  static CheckResult readsDuringFaults(List<String> lines, Map<String, Set<KeyState>> statesOf) {
    Violations v = new Violations();
    Map<String, Integer> answers = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    for (String line : lines) {
      String[] p = line.split(" ", 5);
      if (p.length < 5) {
        continue;
      }
      if (p[1].equals("QA")) {
        answers.merge(p[2], 1, Integer::sum);
        KeyState state = KEY_STATE.deserialize(null, p[4].getBytes(StandardCharsets.UTF_8));
        if (!statesOf.getOrDefault(p[3], Set.of()).contains(state)) {
          v.add(p[0] + " answered " + p[3] + " from its " + p[2] + " with " + state
              + ", a state the key never went through");
        }
      } else if (p[1].equals("QE")) {
        failures.merge(p[2] + " " + p[4].split(":", 2)[0], 1, Integer::sum);
        if (!p[4].contains("retry")) {
          v.add(p[0] + " failed a read of " + p[3] + " without saying to retry: " + p[4]);
        }
      }
    }
    int total = answers.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      v.add("no read was answered during the run");
    }
    return CheckResult.eos(CheckKind.READS,
        "reads during the faults: every answer is a state the key went "
        + "through, every failure says to retry", v, total, "answers " + answers
        + ", failed reads " + failures + ";");
  }

  /**
   * Reads over HTTP through the routed query API ({@link RoutedQueryProbe}), in the order they
   * were made: every answer is a state the key went through; an active answer never says the key
   * has no value once any answer gave it one (committed state does not go back); every failure is
   * a 503 with {@code Retry-After}; and some answers came from another worker than the one asked,
   * once there were {@value #ANSWERS_WITH_PEERS} answers to requests made while another worker
   * served too (with two, a key is local to the worker asked about half the time: so many local
   * answers in a row mean the forwarding never worked). The short negative runs seldom have two
   * workers serving at once.
   *
   * @param unreachable requests that reached no worker
   * @param answersWithPeers answers to requests made while another worker served as well
   */
  static CheckResult routedReads(List<String> lines, long unreachable, long answersWithPeers,
      Map<String, Set<KeyState>> statesOf) {
    Violations v = new Violations();
    Map<String, Integer> answers = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    Map<String, String> firstFailure = new TreeMap<>();
    Set<String> seenWithValue = new HashSet<>();
    int forwarded = 0;
    for (String line : lines) {
      String[] p = line.split(" ", 5);
      if (p[1].equals("QA")) {
        answers.merge(p[2], 1, Integer::sum);
        forwarded += p[2].startsWith("http-fwd-") ? 1 : 0;
        if (p[4].equals("null")) {
          if (p[2].endsWith("-active") && seenWithValue.contains(p[3])) {
            v.add(p[0] + " answered " + p[3] + " from " + p[2] + " with no value, after an "
                + "earlier read had one");
          }
          continue;
        }
        seenWithValue.add(p[3]);
        KeyState state = KEY_STATE.deserialize(null, p[4].getBytes(StandardCharsets.UTF_8));
        if (!statesOf.getOrDefault(p[3], Set.of()).contains(state)) {
          v.add(p[0] + " answered " + p[3] + " from " + p[2] + " with " + state
              + ", a state the key never went through");
        }
      } else {
        String kind = p[2] + failureReason(p.length > 4 ? p[4] : "");
        failures.merge(kind, 1, Integer::sum);
        firstFailure.putIfAbsent(kind, p.length > 4 ? p[4] : "");
        if (!p[2].equals("http-503") || !p[4].startsWith("retryable:")) {
          v.add(p[0] + " failed a read of " + p[3] + " with " + p[2] + ", not a retryable 503: "
              + p[4]);
        }
      }
    }
    int total = answers.values().stream().mapToInt(Integer::intValue).sum();
    if (forwarded == 0 && answersWithPeers >= ANSWERS_WITH_PEERS) {
      v.add("no answer came from another worker than the one asked (" + total + " answers, "
          + answersWithPeers + " of them while another worker served)");
    }
    String forwarding = forwarded > 0 || answersWithPeers >= ANSWERS_WITH_PEERS ? ""
        : ", forwarding not required (only " + answersWithPeers
            + " answers while another worker served)";
    return CheckResult.eos(CheckKind.READS,
        "routed HTTP reads during the faults: every answer is a state the key "
        + "went through, no value lost, every failure a retryable 503", v, total, "answers "
        + answers + ", failed reads " + failures + (firstFailure.isEmpty() ? ""
            : " (first of each: " + firstFailure + ")") + ", " + unreachable
        + " requests to a killed or stopped worker" + forwarding + ";");
  }

  /** " <reason>" of a failed read's {@code retryable: [<reason>] <detail>}, or "". */
  private static String failureReason(String what) {
    int open = what.indexOf('[');
    int close = what.indexOf(']');
    return open >= 0 && close > open ? " " + what.substring(open + 1, close) : "";
  }
}
