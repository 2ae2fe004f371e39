package dev.rivulet.api.runtime;

import java.util.Set;

/**
 * One instance of the application, as of the last group assignment this instance received.
 *
 * @param url the URL it advertises ({@code rivulet.advertised-url})
 * @param partitions the input partitions it owns (the same numbers for every processor:
 *     co-partitioned inputs move together)
 * @param local whether it is this instance
 * @param replicaPartitions the partitions it keeps standby or warm-up replicas of (stale reads
 *     may be answered there; see {@link Rivulet#replicaState})
 */
public record InstanceInfo(String url, Set<Integer> partitions, boolean local,
    Set<Integer> replicaPartitions) {

  public InstanceInfo {
    partitions = Set.copyOf(partitions);
    replicaPartitions = Set.copyOf(replicaPartitions);
  }

  /** An instance without replicas. */
  public InstanceInfo(String url, Set<Integer> partitions, boolean local) {
    this(url, partitions, local, Set.of());
  }
}
