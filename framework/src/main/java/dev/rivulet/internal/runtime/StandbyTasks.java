package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.TaskStore;
import dev.rivulet.internal.task.TaskId;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's standby and warm-up replicas: for each, a state manager without a processor whose
 * stores follow their changelogs ({@code read_committed}, so committed writes only), each batch
 * applied to RocksDB together with the changelog offset it reaches, exactly as a restore does.
 * A replica's task that becomes active here restores from that checkpoint: only the tail.
 *
 * <p>Confined to the worker thread; {@link #infos()} may be read from any thread.
 */
final class StandbyTasks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandbyTasks.class);
  private static final long LAG_REFRESH_NANOS = 5_000_000_000L;

  private final Consumer<byte[], byte[]> consumer;
  private final StateEnvironment env;
  private final RivuletConfig config;
  private final ActiveClaims claims;
  private final Map<TaskId, Replica> replicas = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Follow> byChangelog = new HashMap<>();
  private long lastLagRefresh;

  /** One replicated task. */
  static final class Replica {
    final TaskId id;
    final StateManager state;
    final List<Meter> meters = new ArrayList<>();
    volatile long applied;
    volatile long lag = -1;

    Replica(TaskId id, StateManager state) {
      this.id = id;
      this.state = state;
    }
  }

  private record Follow(Replica replica, TaskStore store) {}

  StandbyTasks(Consumer<byte[], byte[]> consumer, StateEnvironment env, RivuletConfig config,
      ActiveClaims claims) {
    this.consumer = consumer;
    this.env = env;
    this.config = config;
    this.claims = claims;
  }

  /** The replicas, for monitoring. */
  Collection<Replica> infos() {
    return replicas.values();
  }

  /**
   * Keeps replicas of exactly the given partitions' tasks, except those active on this instance.
   */
  void reconcile(Set<Integer> partitions) {
    Set<TaskId> wanted = new HashSet<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      for (int p : partitions) {
        TaskId id = new TaskId(d.id(), p);
        if (!claims.isActive(id)) {
          wanted.add(id);
        }
      }
    }
    for (TaskId id : new ArrayList<>(replicas.keySet())) {
      if (!wanted.contains(id)) {
        remove(id);
      }
    }
    List<Replica> added = new ArrayList<>();
    for (TaskId id : wanted) {
      if (!replicas.containsKey(id)) {
        ProcessorDefinition<?, ?, ?> d = definition(id.processorId());
        Replica r = new Replica(id, StateManager.forTask(env, config.applicationId(), d,
            id.partition(), new RowCache(0), System::currentTimeMillis));
        replicas.put(id, r);
        register(r);
        added.add(r);
      }
    }
    if (!added.isEmpty()) {
      start(added);
    }
  }

  private void register(Replica r) {
    MeterRegistry registry = config.meterRegistry();
    Tags tags = Tags.of("processor", r.id.processorId(), "partition",
        Integer.toString(r.id.partition()));
    r.meters.add(Gauge.builder(RivuletMetricNames.STANDBY_LAG, r, x -> x.lag)
        .description(RivuletMetricNames.description(RivuletMetricNames.STANDBY_LAG))
        .tags(tags).register(registry));
    r.meters.add(FunctionCounter.builder(RivuletMetricNames.STANDBY_RECORDS, r, x -> x.applied)
        .description(RivuletMetricNames.description(RivuletMetricNames.STANDBY_RECORDS))
        .tags(tags).register(registry));
  }

  private void start(List<Replica> added) {
    List<TopicPartition> changelogs = new ArrayList<>();
    added.forEach(r -> r.state.allStores().forEach(s -> {
      changelogs.add(s.changelog());
      byChangelog.put(s.changelog(), new Follow(r, s));
    }));
    consumer.assign(new ArrayList<>(byChangelog.keySet()));
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(changelogs, Duration.ofSeconds(30));
    Map<TopicPartition, Long> end = consumer.endOffsets(changelogs, Duration.ofSeconds(30));
    for (TopicPartition tp : changelogs) {
      Follow f = byChangelog.get(tp);
      TaskStore.Checkpoint cp = f.store().checkpoint();
      long from = begin.get(tp);
      if (cp != null && cp.nextOffset() >= begin.get(tp) && cp.nextOffset() <= end.get(tp)) {
        from = cp.nextOffset();
      } else {
        claims.writeIfStandby(f.replica().id, () -> {
          try (WriteBatch wipe = new WriteBatch()) {
            f.store().wipe(wipe);
            env.write(wipe, true);
          }
        });
      }
      consumer.seek(tp, from);
    }
    log.info("Standby replicas started: {}", added.stream().map(r -> r.id).toList());
  }

  /** Stops replicating a task (it became active here, or the assignment dropped it). */
  void remove(TaskId id) {
    Replica r = replicas.remove(id);
    if (r == null) {
      return;
    }
    List<ColumnFamilyHandle> cfs = new ArrayList<>();
    r.state.allStores().forEach(s -> {
      byChangelog.remove(s.changelog());
      cfs.add(s.family());
    });
    consumer.assign(new ArrayList<>(byChangelog.keySet()));
    env.flush(cfs); // the replica's batches bypassed the WAL
    r.state.close();
    r.meters.forEach(config.meterRegistry()::remove);
  }

  /** Removes the replicas of tasks about to run here. */
  void removeAll(Collection<TaskId> ids) {
    ids.forEach(this::remove);
  }

  /** Applies what the changelogs gained since the last step; never blocks. */
  void step() {
    if (byChangelog.isEmpty()) {
      return;
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
    for (TopicPartition tp : records.partitions()) {
      Follow f = byChangelog.get(tp);
      if (f == null) {
        continue;
      }
      List<byte[][]> batch = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        batch.add(new byte[][] {r.key(), r.value()});
      }
      long next = consumer.position(tp);
      boolean written = claims.writeIfStandby(f.replica().id, () -> {
        try (WriteBatch wb = new WriteBatch()) {
          f.store().restoreTo(wb, batch, next);
          env.write(wb, false);
        }
      });
      if (written) {
        f.replica().applied += batch.size();
      }
    }
    refreshLag();
  }

  private void refreshLag() {
    long now = System.nanoTime();
    if (now - lastLagRefresh < LAG_REFRESH_NANOS) {
      return;
    }
    lastLagRefresh = now;
    Map<TaskId, Long> lags = new HashMap<>();
    for (Map.Entry<TopicPartition, Follow> e : byChangelog.entrySet()) {
      long lag = consumer.currentLag(e.getKey()).orElse(-1);
      lags.merge(e.getValue().replica().id, lag, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
    }
    lags.forEach((id, lag) -> {
      Replica r = replicas.get(id);
      if (r != null) {
        r.lag = lag;
      }
    });
  }

  private ProcessorDefinition<?, ?, ?> definition(String processorId) {
    return config.processors().stream().filter(d -> d.id().equals(processorId)).findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    new ArrayList<>(replicas.keySet()).forEach(this::remove);
    consumer.close(Duration.ofSeconds(5));
  }
}
