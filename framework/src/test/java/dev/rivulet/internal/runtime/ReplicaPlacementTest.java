package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

  private static MemberData.Subscription member(String instance, Map<Integer, Long> sums) {
    return new MemberData.Subscription(null, instance, sums);
  }

  @Test
  void standbysGoToOtherInstancesOnePerInstanceFurthestCopyFirst() {
    Map<String, MemberData.Subscription> subs = Map.of(
        "a-0", member("A", Map.of(0, 100L)),
        "a-1", member("A", Map.of(0, 100L)),
        "b-0", member("B", Map.of(0, 40L)),
        "c-0", member("C", Map.of(0, 90L)));
    ReplicaPlacement placement = new ReplicaPlacement(subs, 1, -1);
    Map<String, Set<Integer>> standbys = placement.standbys(Map.of(0, "a-0", 1, "b-0"), Map.of());

    assertThat(ReplicaPlacement.of(standbys, "c-0")).contains(0); // furthest copy outside A
    assertThat(ReplicaPlacement.of(standbys, "a-1")).doesNotContain(0); // the active's instance
    assertThat(standbys.values().stream().filter(s -> s.contains(1)).count()).isEqualTo(1);
    assertThat(ReplicaPlacement.of(standbys, "b-0")).doesNotContain(1);
  }

  @Test
  void noMoreStandbysThanOtherInstances() {
    Map<String, MemberData.Subscription> subs = Map.of(
        "a", member("A", Map.of()), "b", member("B", Map.of()));
    Map<String, Set<Integer>> standbys =
        new ReplicaPlacement(subs, 3, -1).standbys(Map.of(0, "a"), Map.of());
    assertThat(standbys).isEqualTo(Map.of("b", Set.of(0)));
  }

  @Test
  void aMoveToAMemberTooFarBehindWaitsForAWarmUp() {
    Map<String, MemberData.Subscription> subs = Map.of(
        "old", member("O", Map.of(0, 1_000L, 1, 1_000L)),
        "new", member("N", Map.of(1, 990L)));
    ReplicaPlacement placement = new ReplicaPlacement(subs, 0, 50);
    Map<String, List<Integer>> target = new HashMap<>();
    target.put("old", new ArrayList<>());
    target.put("new", new ArrayList<>(List.of(0, 1)));

    Map<String, Set<Integer>> warmups =
        placement.holdBackUnreadyMoves(target, Map.of(0, "old", 1, "old"));

    assertThat(target.get("old")).containsExactly(0); // no copy on "new": stays, warms up
    assertThat(target.get("new")).containsExactly(1); // 10 records behind: moves
    assertThat(warmups).isEqualTo(Map.of("new", Set.of(0)));
    assertThat(placement.standbys(Map.of(0, "old", 1, "new"), warmups))
        .isEqualTo(Map.of("new", Set.of(0))); // the warm-up is the replica; none configured
  }

  @Test
  void anOrphanGoesToTheCaughtUpCopyBeyondItsShareAndTheOtherMemberWarmsUp() {
    // C died; its partition 2 has a caught-up standby on "a", which already has its share
    Map<String, MemberData.Subscription> subs = Map.of(
        "a", member("A", Map.of(0, 1_000L, 2, 995L)),
        "b", member("B", Map.of(1, 1_000L, 2, 200L)));
    ReplicaPlacement placement = new ReplicaPlacement(subs, 1, 50);
    Map<String, List<Integer>> target = new HashMap<>();
    target.put("a", new ArrayList<>(List.of(0)));
    target.put("b", new ArrayList<>(List.of(1, 2)));

    Map<String, Set<Integer>> warmups =
        placement.holdBackUnreadyMoves(target, Map.of(0, "a", 1, "b"));

    assertThat(target.get("a")).containsExactly(0, 2);
    assertThat(target.get("b")).containsExactly(1);
    assertThat(warmups).isEqualTo(Map.of("b", Set.of(2)));
  }

  @Test
  void anOrphanStaysWhereBalanceSentItWhenThatCopyIsCloseEnoughOrNobodyHasOne() {
    Map<String, MemberData.Subscription> subs = Map.of(
        "a", member("A", Map.of(2, 500L)),
        "b", member("B", Map.of(2, 470L)));
    Map<String, List<Integer>> target = new HashMap<>();
    target.put("a", new ArrayList<>());
    target.put("b", new ArrayList<>(List.of(2, 3))); // 30 behind on 2; no copy of 3 anywhere

    assertThat(new ReplicaPlacement(subs, 1, 50).holdBackUnreadyMoves(target, Map.of()))
        .isEmpty();
    assertThat(target.get("b")).containsExactly(2, 3);
  }

  @Test
  void withoutAnAcceptableLagTasksMoveAtOnce() {
    Map<String, MemberData.Subscription> subs = Map.of(
        "old", member("O", Map.of(0, 1_000L)), "new", member("N", Map.of()));
    Map<String, List<Integer>> target = new HashMap<>();
    target.put("old", new ArrayList<>());
    target.put("new", new ArrayList<>(List.of(0)));
    assertThat(new ReplicaPlacement(subs, 0, -1).holdBackUnreadyMoves(target, Map.of(0, "old")))
        .isEmpty();
    assertThat(target.get("new")).containsExactly(0);
  }
}
