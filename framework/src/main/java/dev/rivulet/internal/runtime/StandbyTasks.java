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
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
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
 * <p>Replicas are best effort: a broker outage, an offset look-up that times out or a changelog
 * position that became invalid (truncated, deleted) never stops the worker; the replicas
 * concerned start over about ten seconds later (from their checkpoint, or wiped and from the
 * beginning when it is outside the changelog).
 *
 * <p>Confined to the worker thread; {@link #infos()} may be read from any thread.
 */
final class StandbyTasks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandbyTasks.class);
  private static final long LAG_REFRESH_NANOS = 1_000_000_000L;
  private static final long RETRY_NANOS = 10_000_000_000L;
  /** Offset look-ups block the worker loop: keep them well under max.poll.interval.ms. */
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

  private final Consumer<byte[], byte[]> consumer;
  private final StateEnvironment env;
  private final RivuletConfig config;
  private final ActiveClaims claims;
  private final Map<String, Integer> partitions;
  private final Map<TaskId, Replica> replicas = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Follow> byChangelog = new HashMap<>();
  /** Replicas created but not following their changelogs yet (new, or to start over). */
  private final Set<Replica> pending = new HashSet<>();
  private long lastLagRefresh;
  private long nextStart;

  /** One replicated task. */
  static final class Replica {
    final TaskId id;
    final StateManager state;
    final List<Meter> meters = new ArrayList<>();
    volatile long applied;
    /** Changelog records not applied yet, or -1 while not following (stale reads skip it). */
    volatile long lag = -1;

    Replica(TaskId id, StateManager state) {
      this.id = id;
      this.state = state;
    }
  }

  private record Follow(Replica replica, TaskStore store) {}

  /**
   * @param partitions input partition count per processor id, known once the topics are checked
   *     (co-partitioned processors may have fewer partitions than the assignment's groups)
   */
  StandbyTasks(Consumer<byte[], byte[]> consumer, StateEnvironment env, RivuletConfig config,
      ActiveClaims claims, Map<String, Integer> partitions) {
    this.consumer = consumer;
    this.partitions = partitions;
    this.env = env;
    this.config = config;
    this.claims = claims;
  }

  /** The replicas, for monitoring. */
  Collection<Replica> infos() {
    return replicas.values();
  }

  /** Whether the processors' partition counts are known (the start-up topic checks are done). */
  boolean ready() {
    return !partitions.isEmpty();
  }

  /**
   * Keeps replicas of exactly the given partitions' tasks, except those active on this instance
   * and those of processors whose input has no such partition (the assignment's partition groups
   * span every input topic; a processor with fewer partitions has no task for the others).
   */
  void reconcile(Set<Integer> wantedPartitions) {
    Set<TaskId> wanted = new HashSet<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      int count = partitions.getOrDefault(d.id(), 0);
      for (int p : wantedPartitions) {
        TaskId id = new TaskId(d.id(), p);
        if (p < count && !claims.isActive(id)) {
          wanted.add(id);
        }
      }
    }
    for (TaskId id : new ArrayList<>(replicas.keySet())) {
      if (!wanted.contains(id)) {
        remove(id);
      }
    }
    for (TaskId id : wanted) {
      if (!replicas.containsKey(id)) {
        ProcessorDefinition<?, ?, ?> d = definition(id.processorId());
        Replica r = new Replica(id, StateManager.forTask(env, config.applicationId(), d,
            id.partition(), new RowCache(0), System::currentTimeMillis));
        replicas.put(id, r);
        register(r);
        pending.add(r);
      }
    }
    nextStart = 0; // start the new ones at the next step
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

  /**
   * Starts following the pending replicas' changelogs; if the offset look-ups fail, they stay
   * pending and are tried again later.
   */
  private void startPending() {
    long now = System.nanoTime();
    if (pending.isEmpty() || now < nextStart) {
      return;
    }
    List<Replica> starting = new ArrayList<>(pending);
    List<TopicPartition> changelogs = new ArrayList<>();
    starting.forEach(r -> r.state.allStores().forEach(s -> changelogs.add(s.changelog())));
    Map<TopicPartition, Long> begin;
    Map<TopicPartition, Long> end;
    try {
      begin = consumer.beginningOffsets(changelogs, LOOKUP_TIMEOUT);
      end = consumer.endOffsets(changelogs, LOOKUP_TIMEOUT);
    } catch (KafkaException e) {
      log.warn("Standby replicas {} wait: changelog offsets unavailable ({}); retrying in 10 s",
          starting.stream().map(r -> r.id).toList(), e.toString());
      nextStart = now + RETRY_NANOS;
      return;
    }
    pending.clear();
    starting.forEach(r -> r.state.allStores().forEach(s ->
        byChangelog.put(s.changelog(), new Follow(r, s))));
    consumer.assign(new ArrayList<>(byChangelog.keySet()));
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
    log.info("Standby replicas started: {}", starting.stream().map(r -> r.id).toList());
  }

  /** A replica's changelog position became invalid: it starts over from its checkpoint. */
  private void restart(Collection<TopicPartition> changelogs) {
    Set<Replica> affected = new HashSet<>();
    changelogs.forEach(tp -> {
      Follow f = byChangelog.get(tp);
      if (f != null) {
        affected.add(f.replica());
      }
    });
    for (Replica r : affected) {
      r.state.allStores().forEach(s -> byChangelog.remove(s.changelog()));
      r.lag = -1; // unknown until it follows again: queries do not read it meanwhile
      pending.add(r);
    }
    consumer.assign(new ArrayList<>(byChangelog.keySet()));
    nextStart = System.nanoTime() + RETRY_NANOS;
    log.warn("Standby replicas {} start over: {}", affected.stream().map(r -> r.id).toList(),
        changelogs);
  }

  /** Stops replicating a task (it became active here, or the assignment dropped it). */
  void remove(TaskId id) {
    Replica r = replicas.remove(id);
    if (r == null) {
      return;
    }
    pending.remove(r);
    List<ColumnFamilyHandle> cfs = new ArrayList<>();
    r.state.allStores().forEach(s -> {
      byChangelog.remove(s.changelog());
      cfs.add(s.family());
    });
    consumer.assign(new ArrayList<>(byChangelog.keySet()));
    long began = System.nanoTime();
    env.flush(cfs); // the replica's batches bypassed the WAL
    r.state.close();
    log.debug("Standby replica {} removed: flushed and closed in {} ms", id,
        (System.nanoTime() - began) / 1_000_000);
    r.meters.forEach(config.meterRegistry()::remove);
  }

  /** Removes the replicas of tasks about to run here. */
  void removeAll(Collection<TaskId> ids) {
    ids.forEach(this::remove);
  }

  /**
   * Starts pending replicas (at most one offset look-up, bounded), then applies what the
   * changelogs gained since the last step without blocking.
   */
  void step() {
    startPending();
    if (byChangelog.isEmpty()) {
      return;
    }
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(Duration.ZERO);
    } catch (InvalidOffsetException e) {
      restart(e.partitions());
      return;
    }
    for (TopicPartition tp : records.partitions()) {
      Follow f = byChangelog.get(tp);
      if (f == null) {
        continue;
      }
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
      long next = consumer.position(tp);
      boolean written = claims.writeIfStandby(f.replica().id,
          () -> f.store().applyChangelog(batch, Long.MAX_VALUE, next));
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
