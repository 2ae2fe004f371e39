package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CoPartitionAssignorTest {
  private static final List<String> TOPICS = List.of("left", "right");
  private final CoPartitionAssignor assignor = new CoPartitionAssignor();

  private static Cluster cluster(int partitions) {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> infos = new ArrayList<>();
    for (String t : TOPICS) {
      for (int p = 0; p < partitions; p++) {
        infos.add(new PartitionInfo(t, p, node, new Node[] {node}, new Node[] {node}));
      }
    }
    return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
  }

  private Map<String, Assignment> assign(int partitions, Map<String, List<TopicPartition>> owned) {
    Map<String, Subscription> subs = new HashMap<>();
    owned.forEach((m, tps) -> subs.put(m, new Subscription(TOPICS, null, tps, 1, Optional.empty())));
    return assignor.assign(cluster(partitions), new GroupSubscription(subs)).groupAssignment();
  }

  private static Set<Integer> partitionNumbers(Assignment a) {
    Set<Integer> out = new HashSet<>();
    a.partitions().forEach(tp -> out.add(tp.partition()));
    return out;
  }

  private static void assertCoPartitioned(Assignment a) {
    for (int p : partitionNumbers(a)) {
      assertThat(a.partitions()).contains(new TopicPartition("left", p), new TopicPartition("right", p));
    }
  }

  @Test
  void freshGroupGetsWholePartitionGroupsEvenly() {
    Map<String, Assignment> result = assign(6, Map.of("a", List.of(), "b", List.of(), "c", List.of()));
    Set<Integer> all = new HashSet<>();
    for (Assignment a : result.values()) {
      assertCoPartitioned(a);
      assertThat(partitionNumbers(a)).hasSize(2);
      all.addAll(partitionNumbers(a));
    }
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    assertThat(result.values()).noneMatch(a -> MemberData.readAssignment(a.userData()).followUp());
  }

  @Test
  void newMemberOnlyGetsGroupsOnceTheirOwnerRevokedThem() {
    List<TopicPartition> everything = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      everything.add(new TopicPartition("left", p));
      everything.add(new TopicPartition("right", p));
    }
    // round 1: a owns all; b joins. a keeps 2 groups, nothing moves to b yet (cooperative)
    Map<String, Assignment> round1 = assign(4, Map.of("a", everything, "b", List.of()));
    assertThat(partitionNumbers(round1.get("a"))).hasSize(2);
    assertThat(round1.get("b").partitions()).isEmpty();
    assertCoPartitioned(round1.get("a"));
    // every member hears that the released groups wait for a follow-up rebalance, not only a
    assertThat(round1.values()).allMatch(a -> MemberData.readAssignment(a.userData()).followUp());
    // round 2 (after a revoked the rest): b gets the released groups, a keeps its own (sticky)
    Map<String, Assignment> round2 = assign(4,
        Map.of("a", round1.get("a").partitions(), "b", List.of()));
    assertThat(partitionNumbers(round2.get("a"))).isEqualTo(partitionNumbers(round1.get("a")));
    assertThat(partitionNumbers(round2.get("b"))).hasSize(2)
        .doesNotContainAnyElementsOf(partitionNumbers(round1.get("a")));
    assertCoPartitioned(round2.get("b"));
    assertThat(round2.values()).noneMatch(a -> MemberData.readAssignment(a.userData()).followUp());
  }

  @Test
  void departedMembersGroupsAreRedistributed() {
    Map<String, List<TopicPartition>> owned = Map.of(
        "a", List.of(new TopicPartition("left", 0), new TopicPartition("right", 0)),
        "b", List.of(new TopicPartition("left", 1), new TopicPartition("right", 1)));
    // c (which owned partition group 2) is gone
    Map<String, Assignment> result = assign(3, owned);
    assertThat(partitionNumbers(result.get("a"))).contains(0);
    assertThat(partitionNumbers(result.get("b"))).contains(1);
    Set<Integer> all = new HashSet<>(partitionNumbers(result.get("a")));
    all.addAll(partitionNumbers(result.get("b")));
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2);
    result.values().forEach(CoPartitionAssignorTest::assertCoPartitioned);
  }

  @Test
  void everyAssignmentCarriesWhichAdvertisedUrlOwnsWhichPartition() {
    Map<String, Subscription> subs = new HashMap<>();
    subs.put("a", new Subscription(TOPICS, MemberData.subscription("http://a:1"), List.of(), 1,
        Optional.empty()));
    subs.put("b", new Subscription(TOPICS, MemberData.subscription("http://b:2"), List.of(), 1,
        Optional.empty()));
    subs.put("old", new Subscription(TOPICS, null, List.of(), 1, Optional.empty()));
    Map<String, Assignment> result =
        assignor.assign(cluster(6), new GroupSubscription(subs)).groupAssignment();

    for (Assignment a : result.values()) {
      Map<String, Set<Integer>> byUrl = MemberData.partitionsByUrl(a.userData());
      assertThat(byUrl).containsOnlyKeys("http://a:1", "http://b:2");
      assertThat(byUrl.get("http://a:1")).isEqualTo(partitionNumbers(result.get("a")));
      assertThat(byUrl.get("http://b:2")).isEqualTo(partitionNumbers(result.get("b")));
    }
    InstanceDirectory directory = new InstanceDirectory("http://a:1");
    CoPartitionAssignor member = new CoPartitionAssignor();
    member.configure(Map.of(CoPartitionAssignor.DIRECTORY, directory,
        CoPartitionAssignor.ADVERTISED_URL, "http://a:1"));
    member.onAssignment(result.get("a"), null);
    int partitionOfB = partitionNumbers(result.get("b")).iterator().next();
    assertThat(directory.ownerOf(partitionOfB)).isEqualTo("http://b:2");
    assertThat(directory.instances()).anySatisfy(i -> {
      assertThat(i.url()).isEqualTo("http://a:1");
      assertThat(i.local()).isTrue();
    });
    assertThat(MemberData.advertisedUrl(member.subscriptionUserData(Set.copyOf(TOPICS))))
        .isEqualTo("http://a:1");
  }

  @Test
  void anOrphanedGroupGoesToTheMemberWithTheFurthestCopyOfItsState() {
    Map<String, Subscription> subs = new HashMap<>();
    subs.put("a", new Subscription(TOPICS, MemberData.subscription(new MemberData.Subscription(
        null, "A", Map.of(0, 10L, 1, 10L))), List.of(), 1, Optional.empty()));
    subs.put("b", new Subscription(TOPICS, MemberData.subscription(new MemberData.Subscription(
        null, "B", Map.of(0, 500L, 1, 500L))), List.of(), 1, Optional.empty()));
    Map<String, Assignment> result =
        assignor.assign(cluster(2), new GroupSubscription(subs)).groupAssignment();
    // balance first (one each), but the first orphan goes to b's caught-up copy
    assertThat(partitionNumbers(result.get("b"))).hasSize(1);
    assertThat(partitionNumbers(result.get("a"))).hasSize(1);
    assertThat(partitionNumbers(result.get("b"))).containsExactly(0);
  }

  @Test
  void aNewcomerTooFarBehindGetsWarmUpsAndItsAssignmentSaysSo() {
    CoPartitionAssignor assignor = new CoPartitionAssignor();
    assignor.configure(Map.of(CoPartitionAssignor.ACCEPTABLE_LAG, 10L));
    Map<String, Subscription> subs = new HashMap<>();
    Map<Integer, Long> everything = Map.of(0, 500L, 1, 500L, 2, 500L, 3, 500L);
    List<TopicPartition> all = new ArrayList<>();
    for (String t : TOPICS) {
      for (int p = 0; p < 4; p++) {
        all.add(new TopicPartition(t, p));
      }
    }
    subs.put("old", new Subscription(TOPICS, MemberData.subscription(new MemberData.Subscription(
        "http://old:1", "OLD", everything)), all, 1, Optional.empty()));
    subs.put("new", new Subscription(TOPICS, MemberData.subscription(new MemberData.Subscription(
        "http://new:1", "NEW", Map.of())), List.of(), 1, Optional.empty()));

    Map<String, Assignment> result =
        assignor.assign(cluster(4), new GroupSubscription(subs)).groupAssignment();

    MemberData.Assignment ofNew = MemberData.readAssignment(result.get("new").userData());
    assertThat(partitionNumbers(result.get("new"))).isEmpty();
    assertThat(ofNew.warmups()).hasSize(2).isEqualTo(ofNew.standbys());
    assertThat(ofNew.probing()).isTrue();
    assertThat(MemberData.readAssignment(result.get("old").userData()).warmups()).isEmpty();

    ReplicaAssignment replicas = new ReplicaAssignment(() -> null);
    CoPartitionAssignor member = new CoPartitionAssignor();
    member.configure(Map.of(CoPartitionAssignor.REPLICAS, replicas));
    member.onAssignment(result.get("new"), null);
    assertThat(replicas.warmups()).isEqualTo(ofNew.warmups());
  }

  @Test
  void aMemberKeepsItsCopyOfAPartitionOnItsWayToItUntilTheFollowUp() {
    CoPartitionAssignor assignor = new CoPartitionAssignor();
    assignor.configure(Map.of(CoPartitionAssignor.STANDBY_REPLICAS, 1,
        CoPartitionAssignor.ACCEPTABLE_LAG, 10L));
    Map<Integer, Long> caughtUp = Map.of(0, 500L, 1, 500L, 2, 500L, 3, 500L);
    // "new" has caught-up copies of everything: it takes two groups from "old"
    Map<String, Assignment> withCopy = assignor.assign(cluster(4), new GroupSubscription(Map.of(
        "old", subscription("OLD", caughtUp, allPartitions(4)),
        "new", subscription("NEW", caughtUp, List.of()))))
        .groupAssignment();
    // without warm-ups the groups move to "bare" at once, though it has no copy to keep
    CoPartitionAssignor noWarmUps = new CoPartitionAssignor();
    noWarmUps.configure(Map.of(CoPartitionAssignor.STANDBY_REPLICAS, 1));
    Map<String, Assignment> withoutCopy = noWarmUps.assign(cluster(4), new GroupSubscription(
        Map.of("old", subscription("OLD", caughtUp, allPartitions(4)),
            "bare", subscription("BARE", Map.of(), List.of()))))
        .groupAssignment();

    Set<Integer> released = new HashSet<>(Set.of(0, 1, 2, 3));
    released.removeAll(partitionNumbers(withCopy.get("old")));
    assertThat(released).hasSize(2);
    assertThat(withCopy.get("new").partitions()).isEmpty();
    MemberData.Assignment ofNew = MemberData.readAssignment(withCopy.get("new").userData());
    assertThat(ofNew.followUp()).isTrue();
    assertThat(ofNew.standbys()).containsAll(released);
    assertThat(ofNew.warmups()).doesNotContainAnyElementsOf(released);

    Set<Integer> releasedToBare = new HashSet<>(Set.of(0, 1, 2, 3));
    releasedToBare.removeAll(partitionNumbers(withoutCopy.get("old")));
    assertThat(releasedToBare).hasSize(2);
    assertThat(MemberData.readAssignment(withoutCopy.get("bare").userData()).standbys())
        .doesNotContainAnyElementsOf(releasedToBare);
  }

  private static Subscription subscription(String instance, Map<Integer, Long> offsets,
      List<TopicPartition> owned) {
    return new Subscription(TOPICS, MemberData.subscription(new MemberData.Subscription(
        "http://" + instance.toLowerCase() + ":1", instance, offsets)), owned, 1,
        Optional.empty());
  }

  private static List<TopicPartition> allPartitions(int partitions) {
    List<TopicPartition> all = new ArrayList<>();
    for (String t : TOPICS) {
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(t, p));
      }
    }
    return all;
  }

  @Test
  void everyAssignmentCarriesWhereTheReplicasAre() {
    CoPartitionAssignor withStandbys = new CoPartitionAssignor();
    withStandbys.configure(Map.of(CoPartitionAssignor.STANDBY_REPLICAS, 1));
    Map<String, Subscription> subs = new HashMap<>();
    for (String m : List.of("a", "b", "c")) {
      subs.put(m, new Subscription(TOPICS, MemberData.subscription(new MemberData.Subscription(
          "http://" + m + ":1", m.toUpperCase(), Map.of())), List.of(), 1, Optional.empty()));
    }
    Map<String, Assignment> result =
        withStandbys.assign(cluster(6), new GroupSubscription(subs)).groupAssignment();

    MemberData.Assignment ofA = MemberData.readAssignment(result.get("a").userData());
    Set<Integer> replicated = new HashSet<>();
    for (String m : List.of("a", "b", "c")) {
      Set<Integer> replicas = ofA.replicasByUrl().get("http://" + m + ":1");
      // each member's replicas as its own assignment says, never of its own partitions
      assertThat(replicas).isEqualTo(MemberData.readAssignment(result.get(m).userData())
          .standbys()).doesNotContainAnyElementsOf(partitionNumbers(result.get(m)));
      replicas.forEach(p -> assertThat(replicated.add(p)).as("one replica of %d", p).isTrue());
    }
    assertThat(replicated).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);

    InstanceDirectory directory = new InstanceDirectory("http://a:1");
    CoPartitionAssignor member = new CoPartitionAssignor();
    member.configure(Map.of(CoPartitionAssignor.DIRECTORY, directory));
    member.onAssignment(result.get("a"), null);
    assertThat(directory.instances()).hasSize(3).allSatisfy(i -> assertThat(
        i.replicaPartitions()).isEqualTo(ofA.replicasByUrl().get(i.url())));
  }
}
