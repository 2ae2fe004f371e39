package dev.rivulet.internal.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The assignor's decisions that use the members' local state (their reported offset sums per
 * partition): which member takes an orphaned partition (the one whose copy goes furthest, even
 * beyond its share when the others' copies are not ready), which moves wait for a warm-up
 * (KIP-441's idea: a task moves only to a member within the acceptable recovery lag; until then
 * it stays and the newcomer gets a warm-up replica), and where standby
 * replicas go (never on the instance of the partition's active task, one per instance, the
 * furthest copies first, spread evenly).
 *
 * <p>Pure: no clients, no clocks; one instance per assignment.
 */
final class ReplicaPlacement {
  private final Map<String, MemberData.Subscription> subscriptions;
  private final int standbyReplicas;
  private final long acceptableLag;

  /**
   * @param subscriptions decoded subscription data per member id
   * @param acceptableLag changelog records a destination may lag; -1: no warm-ups
   */
  ReplicaPlacement(Map<String, MemberData.Subscription> subscriptions, int standbyReplicas,
      long acceptableLag) {
    this.subscriptions = subscriptions;
    this.standbyReplicas = standbyReplicas;
    this.acceptableLag = acceptableLag;
  }

  /** The member's instance: members of one process share their state and count as one. */
  String instanceOf(String member) {
    String instance = subscriptions.get(member).instanceId();
    return instance == null ? "member:" + member : instance;
  }

  /** How far the member's local copy of the partition goes (-1: none). */
  long offsetSum(String member, int partition) {
    return subscriptions.get(member).offsetSums().getOrDefault(partition, -1L);
  }

  /** Records the member's copy lacks compared with the furthest copy of the partition. */
  long lag(String member, int partition) {
    long own = offsetSum(member, partition);
    if (own < 0) {
      return Long.MAX_VALUE;
    }
    long best = subscriptions.keySet().stream().mapToLong(m -> offsetSum(m, partition))
        .max().orElse(-1);
    return Math.max(0, best - own);
  }

  /**
   * Keeps moves to members that are too far behind where a copy is ready. For every partition
   * whose target lags more than the acceptable lag:
   *
   * <ul>
   *   <li>with a live previous owner on another instance, the partition goes back to it;
   *   <li>without one (its owner died or left), it goes to the member whose copy is furthest,
   *       if that copy is within the acceptable lag, even if that member ends up with more than
   *       its share (a caught-up standby takes over at once instead of a full restore);
   * </ul>
   *
   * and the target gets a warm-up for it; a probing rebalance moves it once the warm-up is
   * ready, which balances the assignment again.
   *
   * @param target partitions per member, adjusted in place
   * @param previous the live previous owner per partition
   * @return warm-up partitions per member
   */
  Map<String, Set<Integer>> holdBackUnreadyMoves(Map<String, List<Integer>> target,
      Map<Integer, String> previous) {
    Map<String, Set<Integer>> warmups = new TreeMap<>();
    if (acceptableLag < 0) {
      return warmups;
    }
    for (Map.Entry<String, List<Integer>> e : new TreeMap<>(target).entrySet()) {
      String member = e.getKey();
      for (int partition : new ArrayList<>(e.getValue())) {
        if (lag(member, partition) <= acceptableLag) {
          continue;
        }
        String prev = previous.get(partition);
        String instead = prev != null ? prev : readyMember(partition, target);
        if (instead != null && !instead.equals(member)
            && !instanceOf(instead).equals(instanceOf(member))) {
          target.get(member).remove(Integer.valueOf(partition));
          target.get(instead).add(partition);
          warmups.computeIfAbsent(member, m -> new TreeSet<>()).add(partition);
        }
      }
    }
    return warmups;
  }

  /**
   * The member whose copy of the partition is furthest and within the acceptable lag (ties: the
   * fewest partitions in {@code target}, then member id), or null.
   */
  private @Nullable String readyMember(int partition, Map<String, List<Integer>> target) {
    String best = null;
    for (String m : new TreeSet<>(target.keySet())) {
      if (lag(m, partition) > acceptableLag) {
        continue;
      }
      if (best == null || offsetSum(m, partition) > offsetSum(best, partition)
          || (offsetSum(m, partition) == offsetSum(best, partition)
              && target.get(m).size() < target.get(best).size())) {
        best = m;
      }
    }
    return best;
  }

  /**
   * Places standby replicas: per partition, up to the configured count on distinct instances
   * other than the active one's; a warm-up counts as one. Among candidates: the furthest copy
   * first, then the member with the fewest replicas so far, then member id.
   *
   * @param active the member whose task runs (or will run) the partition
   * @param warmups warm-ups already decided
   * @return standby partitions per member, warm-ups included
   */
  Map<String, Set<Integer>> standbys(Map<Integer, String> active,
      Map<String, Set<Integer>> warmups) {
    Map<String, Set<Integer>> out = new TreeMap<>();
    warmups.forEach((m, ps) -> out.put(m, new TreeSet<>(ps)));
    Map<String, Integer> load = new HashMap<>();
    out.forEach((m, ps) -> load.put(m, ps.size()));
    for (Map.Entry<Integer, String> e : new TreeMap<>(active).entrySet()) {
      int partition = e.getKey();
      Set<String> usedInstances = new HashSet<>();
      usedInstances.add(instanceOf(e.getValue()));
      int placed = 0;
      for (Map.Entry<String, Set<Integer>> w : out.entrySet()) {
        if (w.getValue().contains(partition)) {
          usedInstances.add(instanceOf(w.getKey()));
          placed++;
        }
      }
      while (placed < standbyReplicas) {
        String best = null;
        for (String m : new TreeSet<>(subscriptions.keySet())) {
          if (usedInstances.contains(instanceOf(m))) {
            continue;
          }
          if (best == null || better(m, best, partition, load)) {
            best = m;
          }
        }
        if (best == null) {
          break; // fewer instances than replicas
        }
        out.computeIfAbsent(best, m -> new TreeSet<>()).add(partition);
        load.merge(best, 1, Integer::sum);
        usedInstances.add(instanceOf(best));
        placed++;
      }
    }
    return out;
  }

  private boolean better(String a, String b, int partition, Map<String, Integer> load) {
    long sa = offsetSum(a, partition);
    long sb = offsetSum(b, partition);
    if (sa != sb) {
      return sa > sb;
    }
    return load.getOrDefault(a, 0) < load.getOrDefault(b, 0);
  }

  /** The standby partitions of a member, or none. */
  static Set<Integer> of(Map<String, Set<Integer>> standbys, @Nullable String member) {
    Set<Integer> s = member == null ? null : standbys.get(member);
    return s == null ? Set.of() : s;
  }
}
