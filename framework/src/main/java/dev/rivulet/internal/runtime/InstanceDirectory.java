package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.InstanceInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which instance (advertised URL) owns which input partition, and which keep replicas of it, as
 * of the last assignment any of this instance's workers received. Written by the assignor's
 * {@code onAssignment} on worker threads, read by queries on any thread.
 */
final class InstanceDirectory {
  private final @Nullable String localUrl;
  private volatile Map<String, Set<Integer>> partitionsByUrl = Map.of();
  private volatile Map<Integer, String> ownerByPartition = Map.of();
  private volatile Map<String, Set<Integer>> replicasByUrl = Map.of();

  InstanceDirectory(@Nullable String localUrl) {
    this.localUrl = localUrl;
  }

  @Nullable String localUrl() {
    return localUrl;
  }

  /**
   * A member's new assignment carries the whole group's: active partitions and standby (or
   * warm-up) replicas by URL.
   */
  synchronized void update(Map<String, Set<Integer>> byUrl, Map<String, Set<Integer>> replicas) {
    Map<Integer, String> owners = new HashMap<>();
    byUrl.forEach((url, partitions) -> partitions.forEach(p -> owners.put(p, url)));
    partitionsByUrl = Map.copyOf(byUrl);
    ownerByPartition = Map.copyOf(owners);
    replicasByUrl = Map.copyOf(replicas);
  }

  /** The URL of the instance owning {@code partition}, or null if unknown. */
  @Nullable String ownerOf(int partition) {
    return ownerByPartition.get(partition);
  }

  List<InstanceInfo> instances() {
    Map<String, Set<Integer>> active = partitionsByUrl;
    Map<String, Set<Integer>> replicas = replicasByUrl;
    Set<String> urls = new TreeSet<>(active.keySet());
    urls.addAll(replicas.keySet());
    List<InstanceInfo> out = new ArrayList<>();
    for (String url : urls) {
      out.add(new InstanceInfo(url, active.getOrDefault(url, Set.of()), url.equals(localUrl),
          replicas.getOrDefault(url, Set.of())));
    }
    return out;
  }
}
