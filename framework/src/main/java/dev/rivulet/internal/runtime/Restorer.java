package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.TaskStore;
import dev.rivulet.internal.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a worker's newly assigned tasks up to date from their changelogs before they process.
 * Each store restarts from its local checkpoint, so only the changelog tail since the last
 * committed local write is replayed (nothing after a clean stop; everything for a new instance).
 * Batches are written without WAL and flushed once a task completes, before its first commit.
 * Reads {@code read_committed} up to the last stable offset: an open transaction of a previous
 * owner holds the restore until it is aborted or times out.
 *
 * <p>Confined to the worker thread.
 */
final class Restorer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Restorer.class);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final StateEnvironment env;
  private final List<RivuletListener> listeners;
  private final Map<TopicPartition, Pending> active = new HashMap<>();
  private final Map<Task<?, ?, ?>, Set<TopicPartition>> byTask = new HashMap<>();

  Restorer(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      StateEnvironment env, List<RivuletListener> listeners) {
    this.consumer = consumer;
    this.env = env;
    this.listeners = listeners;
  }

  /**
   * Starts restoring new tasks, with one look-up of the changelogs' offsets for all of them (not
   * two round trips per task: hundreds of tasks join at once on a rebalance). Returns the tasks
   * that need no restore at all.
   */
  List<Task<?, ?, ?>> add(Collection<Task<?, ?, ?>> tasks) {
    List<TopicPartition> changelogs = new ArrayList<>();
    tasks.forEach(t -> t.stateManager().allStores().forEach(s -> changelogs.add(s.changelog())));
    List<TopicPartition> assignment = new ArrayList<>(active.keySet());
    assignment.addAll(changelogs);
    consumer.assign(assignment); // offsets of assigned partitions only: no stale-LSO warnings
    long began = System.nanoTime();
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(changelogs, Duration.ofSeconds(30));
    Map<TopicPartition, Long> end = consumer.endOffsets(changelogs, Duration.ofSeconds(30));
    log.debug("Changelog offsets of {} looked up in {} ms", changelogs,
        (System.nanoTime() - began) / 1_000_000);
    List<Task<?, ?, ?>> ready = new ArrayList<>();
    for (Task<?, ?, ?> task : tasks) {
      if (!start(task, begin, end)) {
        ready.add(task);
      }
    }
    consumer.assign(new ArrayList<>(active.keySet()));
    return ready;
  }

  /** Seeks the task's changelogs that have a tail to restore; returns whether any has. */
  private boolean start(Task<?, ?, ?> task, Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end) {
    Set<TopicPartition> pending = new HashSet<>();
    for (TaskStore store : task.stateManager().allStores()) {
      TopicPartition tp = store.changelog();
      long start = startOffset(task, store, begin.get(tp), end.get(tp));
      long toRestore = end.get(tp) - start;
      listeners.forEach(l -> l.onRestoreStart(task.id().processorId(), task.id().partition(),
          store.name(), Math.max(0, toRestore)));
      if (toRestore <= 0) {
        listeners.forEach(l -> l.onRestoreEnd(task.id().processorId(), task.id().partition(),
            store.name(), 0));
        continue;
      }
      Pending p = new Pending(task, store, end.get(tp));
      p.remaining = toRestore;
      active.put(tp, p);
      pending.add(tp);
      consumer.seek(tp, start);
    }
    if (pending.isEmpty()) {
      return false;
    }
    byTask.put(task, pending);
    task.restoreProgress(0, remainingOf(task));
    return true;
  }

  private long startOffset(Task<?, ?, ?> task, TaskStore store, long begin, long end) {
    TaskStore.Checkpoint cp = store.checkpoint();
    if (cp != null && cp.nextOffset() >= begin && cp.nextOffset() <= end) {
      return cp.nextOffset();
    }
    if (cp != null) {
      log.warn("Task {} store {}: checkpoint {} outside changelog [{}, {}]; restoring fully",
          task.id(), store.name(), cp.nextOffset(), begin, end);
    }
    try (WriteBatch wipe = new WriteBatch()) {
      store.wipe(wipe);
      env.write(wipe, true);
    }
    return begin;
  }

  private long remainingOf(Task<?, ?, ?> task) {
    long sum = 0;
    for (Pending p : active.values()) {
      if (p.task == task) {
        sum += p.remaining;
      }
    }
    return sum;
  }

  boolean isRestoring() {
    return !active.isEmpty();
  }

  /** Polls one batch and applies it; completed tasks are passed to {@code onDone}. */
  void step(Duration timeout, Consumer<Task<?, ?, ?>> onDone) {
    if (active.isEmpty()) {
      return;
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
    for (TopicPartition tp : records.partitions()) {
      Pending p = active.get(tp);
      if (p == null) {
        continue;
      }
      long next = Math.min(consumer.position(tp), p.end);
      int applied = p.store.applyChangelog(records.records(tp), p.end, next);
      p.restored += applied;
      long remaining = p.end - next;
      p.remaining = remaining;
      p.task.restoreProgress(applied, remainingOf(p.task));
      listeners.forEach(l -> l.onRestoreProgress(p.task.id().processorId(),
          p.task.id().partition(), p.store.name(), p.restored, remaining));
    }
    // positions also move past transaction markers without records: check every partition
    Iterator<Map.Entry<TopicPartition, Pending>> it = active.entrySet().iterator();
    List<Task<?, ?, ?>> finished = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<TopicPartition, Pending> e = it.next();
      Pending p = e.getValue();
      if (consumer.position(e.getKey()) >= p.end) {
        it.remove();
        listeners.forEach(l -> l.onRestoreEnd(p.task.id().processorId(), p.task.id().partition(),
            p.store.name(), p.restored));
        Set<TopicPartition> left = byTask.get(p.task);
        left.remove(e.getKey());
        if (left.isEmpty()) {
          byTask.remove(p.task);
          finished.add(p.task);
        }
      }
    }
    if (!finished.isEmpty()) {
      consumer.assign(new ArrayList<>(active.keySet()));
      for (Task<?, ?, ?> task : finished) {
        List<ColumnFamilyHandle> cfs = new ArrayList<>();
        task.stateManager().allStores().forEach(s -> cfs.add(s.family()));
        long began = System.nanoTime();
        env.flush(cfs); // restore batches bypassed the WAL: make them durable first
        log.debug("Task {} restore complete, flushed in {} ms", task.id(),
            (System.nanoTime() - began) / 1_000_000);
        onDone.accept(task);
      }
    }
  }

  /** Stops restoring a task (revoked or lost while restoring). */
  void remove(Task<?, ?, ?> task) {
    Set<TopicPartition> tps = byTask.remove(task);
    if (tps != null) {
      tps.forEach(active::remove);
      consumer.assign(new ArrayList<>(active.keySet()));
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  private static final class Pending {
    final Task<?, ?, ?> task;
    final TaskStore store;
    final long end;
    long restored;
    long remaining;

    Pending(Task<?, ?, ?> task, TaskStore store, long end) {
      this.task = task;
      this.store = store;
      this.end = end;
    }
  }
}
