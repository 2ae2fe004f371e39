package dev.rivulet.internal.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Client-side assignor that keeps co-partitioned inputs together: all subscribed topics'
 * partition {@code p} form one group, and a group always goes to one member whole (so a key on
 * two topics reaches the same task). Groups are spread evenly, sticky to their current owner, with
 * the cooperative protocol: a group that moves is first only revoked from its old owner and given
 * to the new one in the follow-up rebalance the revocation triggers, so no member ever stops
 * processing the partitions it keeps.
 *
 * <p>Members exchange {@link MemberData} through the protocol: each advertises its URL, and each
 * assignment carries which URL owns which partition, kept in the runtime's
 * {@link InstanceDirectory} for routed queries.
 */
public final class CoPartitionAssignor implements ConsumerPartitionAssignor, Configurable {
  /** Consumer config key: this instance's advertised URL (a String, or absent). */
  static final String ADVERTISED_URL = "rivulet.internal.advertised-url";
  /** Consumer config key: the runtime's {@link InstanceDirectory}. */
  static final String DIRECTORY = "rivulet.internal.instance-directory";
  /** Consumer config key: the worker's {@link ReplicaAssignment}. */
  static final String REPLICAS = "rivulet.internal.replica-assignment";
  /** Consumer config key: standby replicas per task (Integer). */
  static final String STANDBY_REPLICAS = "rivulet.internal.standby-replicas";
  /** Consumer config key: acceptable recovery lag (Long; -1: no warm-ups). */
  static final String ACCEPTABLE_LAG = "rivulet.internal.acceptable-recovery-lag";
  /** Consumer config key: the runtime's {@link AbandonedTransactions} (absent: none fenced). */
  static final String ABANDONED_TRANSACTIONS = "rivulet.internal.abandoned-transactions";

  private @Nullable String advertisedUrl;
  private @Nullable InstanceDirectory directory;
  private @Nullable ReplicaAssignment replicas;
  private int standbyReplicas;
  private long acceptableLag = -1;
  private @Nullable AbandonedTransactions abandoned;

  @Override
  public void configure(Map<String, ?> configs) {
    advertisedUrl = (String) configs.get(ADVERTISED_URL);
    directory = (InstanceDirectory) configs.get(DIRECTORY);
    replicas = (ReplicaAssignment) configs.get(REPLICAS);
    Object n = configs.get(STANDBY_REPLICAS);
    standbyReplicas = n == null ? 0 : (Integer) n;
    Object lag = configs.get(ACCEPTABLE_LAG);
    acceptableLag = lag == null ? -1 : (Long) lag;
    abandoned = (AbandonedTransactions) configs.get(ABANDONED_TRANSACTIONS);
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    if (replicas == null) {
      return MemberData.subscription(advertisedUrl);
    }
    MemberData.Subscription local = replicas.subscription();
    return MemberData.subscription(new MemberData.Subscription(advertisedUrl,
        local.instanceId(), local.offsetSums()));
  }

  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
    MemberData.Assignment data = MemberData.readAssignment(assignment.userData());
    if (directory != null) {
      directory.update(data.partitionsByUrl(), data.replicasByUrl());
    }
    if (replicas != null) {
      replicas.assigned(data.standbys(), data.warmups(), data.probing(), data.followUp());
    }
  }

  @Override
  public String name() {
    return "rivulet-copartitioned";
  }

  @Override
  public List<RebalanceProtocol> supportedProtocols() {
    return List.of(RebalanceProtocol.COOPERATIVE);
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    Map<String, Subscription> subs = groupSubscription.groupSubscription();
    TreeSet<String> members = new TreeSet<>(subs.keySet());
    Map<Integer, List<TopicPartition>> groups = partitionGroups(metadata, subs);
    Map<TopicPartition, String> owner = currentOwners(subs);
    Map<String, MemberData.Subscription> data = new HashMap<>();
    subs.forEach((m, sub) -> data.put(m, MemberData.readSubscription(sub.userData())));
    ReplicaPlacement placement = new ReplicaPlacement(data, standbyReplicas, acceptableLag);

    Map<String, List<Integer>> target = balance(members, groups, owner, placement);
    Map<Integer, String> previous = new HashMap<>();
    groups.forEach((group, tps) -> tps.stream().map(owner::get)
        .filter(o -> o != null && members.contains(o)).findFirst()
        .ifPresent(o -> previous.put(group, o)));
    Map<String, Set<Integer>> warmups = placement.holdBackUnreadyMoves(target, previous);
    Map<Integer, String> active = new HashMap<>();
    target.forEach((member, list) -> list.forEach(group -> active.put(group, member)));
    Map<String, Set<Integer>> standbys = placement.standbys(active, warmups);

    Map<String, List<TopicPartition>> assigned = new HashMap<>();
    boolean followUp = false;
    for (String member : members) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int group : target.get(member)) {
        List<TopicPartition> tps = groups.get(group);
        boolean ownedElsewhere = tps.stream()
            .anyMatch(tp -> owner.containsKey(tp) && !owner.get(tp).equals(member));
        if (!ownedElsewhere) {
          partitions.addAll(tps);
        } else {
          followUp = true; // assigned here once its owner has revoked it and rejoined
          keepCopyInTransit(member, group, data.get(member), standbys);
        }
      }
      assigned.put(member, partitions);
    }
    // every member learns which URL serves which partition (a partition on its way between two
    // members, revoked now and assigned in the follow-up rebalance, belongs to neither)
    Map<String, Set<Integer>> byUrl = new TreeMap<>();
    assigned.forEach((member, partitions) -> {
      String url = MemberData.advertisedUrl(subs.get(member).userData());
      if (url != null) {
        partitions.forEach(tp ->
            byUrl.computeIfAbsent(url, u -> new TreeSet<>()).add(tp.partition()));
      }
    });
    // and where the replicas are (stale reads may go there while a partition has no owner)
    Map<String, Set<Integer>> replicasByUrl = new TreeMap<>();
    standbys.forEach((member, partitions) -> {
      String url = MemberData.advertisedUrl(subs.get(member).userData());
      if (url != null) {
        replicasByUrl.computeIfAbsent(url, u -> new TreeSet<>()).addAll(partitions);
      }
    });
    boolean probing = !warmups.isEmpty();
    boolean rejoinAtOnce = followUp;
    Map<String, Assignment> out = new HashMap<>();
    assigned.forEach((member, partitions) -> out.put(member, new Assignment(partitions,
        MemberData.assignment(new MemberData.Assignment(byUrl,
            ReplicaPlacement.of(standbys, member), probing, replicasByUrl,
            ReplicaPlacement.of(warmups, member), rejoinAtOnce)))));
    if (abandoned != null) {
      // an instance that left without ending its transaction holds back the partitions it wrote
      abandoned.afterAssignment(data.values().stream()
          .map(MemberData.Subscription::instanceId).toList());
    }
    return new GroupAssignment(out);
  }

  /**
   * A member that a partition is on its way to keeps its copy of the partition's state as a
   * replica until the follow-up rebalance hands the task over: dropping it would flush and close
   * the copy in the middle of the hand-over (delaying the member's rejoin, and with it everyone's)
   * and stop it following the changelog, only for the task to reopen it moments later. Only with
   * replicas configured, and only a copy the member reports: a new replica would cost the member
   * offset look-ups before it rejoins.
   */
  private void keepCopyInTransit(String member, int group, MemberData.Subscription data,
      Map<String, Set<Integer>> standbys) {
    if ((standbyReplicas > 0 || acceptableLag >= 0) && data.offsetSums().containsKey(group)) {
      standbys.computeIfAbsent(member, m -> new TreeSet<>()).add(group);
    }
  }

  private static Map<Integer, List<TopicPartition>> partitionGroups(
      Cluster metadata, Map<String, Subscription> subs) {
    Set<String> topics = new TreeSet<>();
    subs.values().forEach(s -> topics.addAll(s.topics()));
    Map<Integer, List<TopicPartition>> groups = new TreeMap<>();
    for (String topic : topics) {
      Integer count = metadata.partitionCountForTopic(topic);
      for (int p = 0; count != null && p < count; p++) {
        groups.computeIfAbsent(p, k -> new ArrayList<>()).add(new TopicPartition(topic, p));
      }
    }
    return groups;
  }

  /** Owner per partition as claimed by members; the highest generation wins a conflict. */
  private static Map<TopicPartition, String> currentOwners(Map<String, Subscription> subs) {
    Map<TopicPartition, String> owner = new HashMap<>();
    Map<TopicPartition, Integer> generation = new HashMap<>();
    subs.forEach((member, sub) -> {
      int gen = sub.generationId().orElse(-1);
      for (TopicPartition tp : sub.ownedPartitions()) {
        Integer seen = generation.get(tp);
        if (seen == null || gen > seen) {
          owner.put(tp, member);
          generation.put(tp, gen);
        }
      }
    });
    return owner;
  }

  private static Map<String, List<Integer>> balance(TreeSet<String> members,
      Map<Integer, List<TopicPartition>> groups, Map<TopicPartition, String> owner,
      ReplicaPlacement placement) {
    Map<String, List<Integer>> target = new HashMap<>();
    members.forEach(m -> target.put(m, new ArrayList<>()));
    int base = groups.size() / members.size();
    int extras = groups.size() % members.size();
    List<Integer> unassigned = new ArrayList<>();
    Set<String> tookExtra = new HashSet<>();
    // sticky pass: a group stays with its owner while the owner is under quota
    for (Map.Entry<Integer, List<TopicPartition>> g : groups.entrySet()) {
      String previous = g.getValue().stream().map(owner::get)
          .filter(o -> o != null && members.contains(o)).findFirst().orElse(null);
      if (previous != null && target.get(previous).size() < base) {
        target.get(previous).add(g.getKey());
      } else if (previous != null && target.get(previous).size() == base
          && tookExtra.size() < extras && tookExtra.add(previous)) {
        target.get(previous).add(g.getKey());
      } else {
        unassigned.add(g.getKey());
      }
    }
    // fill pass: the furthest local copy of the group's state first (a caught-up standby takes
    // over with a short restore), then the least-loaded member, ties by member id
    for (int group : unassigned) {
      String best = null;
      for (String m : members) {
        int load = target.get(m).size();
        int cap = base + (tookExtra.contains(m) || tookExtra.size() < extras ? 1 : 0);
        if (load < cap && (best == null || placement.offsetSum(m, group)
            > placement.offsetSum(best, group) || (placement.offsetSum(m, group)
            == placement.offsetSum(best, group) && load < target.get(best).size()))) {
          best = m;
        }
      }
      if (best == null) {
        best = members.first();
      }
      if (target.get(best).size() == base) {
        tookExtra.add(best);
      }
      target.get(best).add(group);
    }
    return target;
  }
}
