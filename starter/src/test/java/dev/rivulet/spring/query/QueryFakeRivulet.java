package dev.rivulet.spring.query;

import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.InstanceInfo;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.StateNotServedException;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.actuate.FakeRivulet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A runtime for query tests: which partitions are here, who owns the others, stored state by
 * "store|key", the committed position, and whether a wait for a position succeeds.
 */
class QueryFakeRivulet extends FakeRivulet {
  volatile String url = "http://self:1";
  final Map<Integer, String> owners = new HashMap<>();
  /** Partitions another instance keeps a replica of, and its URL. */
  final Map<Integer, String> replicaHolders = new HashMap<>();
  /** Partitions this instance keeps a replica of, and the replica's lag. */
  final Map<Integer, Long> replicas = new HashMap<>();
  final Set<Integer> local = new HashSet<>();
  final Set<Integer> restoring = new HashSet<>();
  final Map<String, Object> state = new HashMap<>();
  final TreeMap<Long, String> ordered = new TreeMap<>();
  volatile Map<String, Long> position = Map.of("in", 7L);
  volatile boolean reachesPosition = true;
  volatile boolean movesMidRead;
  final List<Map<String, Long>> awaited = new ArrayList<>();

  @Override
  public Optional<String> advertisedUrl() {
    return Optional.of(url);
  }

  @Override
  public <K> KeyLocation locate(String processorId, K key) {
    int p = partitionFor(processorId, key);
    return new KeyLocation(processorId, p, local.contains(p) ? url : owners.get(p),
        local.contains(p));
  }

  @Override
  public List<InstanceInfo> instances() {
    List<InstanceInfo> out = new ArrayList<>();
    owners.forEach((p, u) -> out.add(new InstanceInfo(u, Set.of(p), false)));
    replicaHolders.forEach((p, u) -> out.add(new InstanceInfo(u, Set.of(), false, Set.of(p))));
    return out;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K> Optional<CommittedState<K>> replicaState(String processorId, int partition) {
    Long lag = replicas.get(partition);
    return lag == null ? Optional.empty()
        : Optional.of((CommittedState<K>) new State(partition, true, lag));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K> Optional<CommittedState<K>> committedState(String processorId, int partition) {
    if (!local.contains(partition) || restoring.contains(partition)) {
      return Optional.empty();
    }
    return Optional.of((CommittedState<K>) new State(partition, false, 0));
  }

  @Override
  public boolean awaitPosition(String processorId, int partition, Map<String, Long> wanted,
      Duration timeout) {
    if (!wanted.keySet().stream().allMatch(t -> t.equals("in"))) {
      throw new IllegalArgumentException("'" + wanted.keySet() + "' is not an input");
    }
    awaited.add(wanted);
    return reachesPosition && local.contains(partition);
  }

  private final class State implements CommittedState<Object> {
    private final int partition;
    private final boolean standby;
    private final long lag;

    State(int partition, boolean standby, long lag) {
      this.partition = partition;
      this.standby = standby;
      this.lag = lag;
    }

    @Override
    public int partition() {
      return partition;
    }

    @Override
    public boolean standby() {
      return standby;
    }

    @Override
    public long lag() {
      return lag;
    }

    @Override
    public Map<String, Long> position() {
      return position;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T value(ValueStateSpec<T> spec, Object key) {
      if (movesMidRead) {
        throw new StateNotServedException("moved");
      }
      return (T) state.get(spec.name() + "|" + key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <MK, MV> Map<MK, MV> map(MapStateSpec<MK, MV> spec, Object key) {
      return (Map<MK, MV>) state.getOrDefault(spec.name() + "|" + key, Map.of());
    }

    @Override
    public <MK, MV> @Nullable MV mapEntry(MapStateSpec<MK, MV> spec, Object key, MK mapKey) {
      return map(spec, key).get(mapKey);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> list(ListStateSpec<T> spec, Object key) {
      return (List<T>) state.getOrDefault(spec.name() + "|" + key, List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <SK, SV> @Nullable SV get(KeyValueStoreSpec<SK, SV> spec, SK key) {
      return (SV) ordered.get((Long) key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <SK, SV> List<Map.Entry<SK, SV>> range(KeyValueStoreSpec<SK, SV> spec,
        @Nullable SK from, @Nullable SK to, int limit) {
      return ordered.subMap(from == null ? Long.MIN_VALUE : (Long) from, true,
              to == null ? Long.MAX_VALUE : (Long) to, false).entrySet().stream().limit(limit)
          .map(e -> Map.entry((SK) e.getKey(), (SV) e.getValue())).toList();
    }
  }
}
