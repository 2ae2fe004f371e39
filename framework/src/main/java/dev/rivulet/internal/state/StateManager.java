package dev.rivulet.internal.state;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The one owner of a task's state: it names and assembles the task's stores (every declared
 * store, each seen through its TTL, and the timer store), keeps the task's progress (the input
 * positions consumed since the last commit, the persisted watermark and input positions), and
 * runs the state's side of every commit:
 *
 * <pre>
 *   mark / rollbackToMark     one record's writes, undone if the record fails
 *   sendNewWrites             between records: the changelog travels during the interval
 *   prepareCommit             TTL sweep, progress rows, the rest of the changelog
 *   seal                      the transaction's writes become the committed view on the heap
 *   sealApplied               the Kafka commit succeeded and RocksDB has the sealed writes
 *   discard                   an aborted or lost transaction is dropped
 *   close                     the task is gone: rows go back to the worker's cache
 * </pre>
 *
 * The progress rows live in the timer store (keys {@code 'W'} and {@code 'O' + topic}), so they
 * share its changelog and transaction: the watermark never regresses after a restart, and the
 * recorded input positions always match the state. A restorer brings {@link #allStores()} up to
 * date; {@link #readView} opens the same stores for readers on other threads (queries).
 *
 * <p>Confined to the task's worker thread, except a read view, which any thread may use.
 */
public final class StateManager {
  private static final int TTL_SWEEP_BUDGET = 256;
  private static final byte[] WATERMARK_KEY = {'W'};
  private static final byte POSITION = 'O';

  private final int partition;
  private final Map<String, TtlStore> stores;
  private final TaskStore timerStore;
  private final List<TaskStore> allStores;
  /** Next offset to read per input topic (the partition is the task's), since the last commit. */
  private final Map<String, Long> consumed = new HashMap<>();
  private long persistedWatermark = Long.MIN_VALUE;
  private volatile long lastCommitMillis;

  private StateManager(int partition, Map<String, TtlStore> stores, TaskStore timerStore) {
    this.partition = partition;
    this.stores = Map.copyOf(stores);
    this.timerStore = timerStore;
    List<TaskStore> all = new ArrayList<>();
    stores.values().forEach(s -> all.add(s.raw()));
    all.add(timerStore);
    this.allStores = List.copyOf(all);
  }

  /**
   * The state of one task of a worker.
   *
   * @param cache the worker's row cache, shared by its tasks
   * @param clock wall-clock time for TTLs
   */
  public static StateManager forTask(StateEnvironment env, String applicationId,
      ProcessorDefinition<?, ?, ?> d, int partition, RowCache cache, LongSupplier clock) {
    Map<String, TtlStore> stores = new LinkedHashMap<>();
    for (StateSpec spec : d.stateSpecs()) {
      stores.put(spec.name(), new TtlStore(
          store(env, applicationId, d.id(), spec.name(), partition, cache), ttlMillis(spec), clock));
    }
    TaskStore timers = store(env, applicationId, d.id(), StoreNames.TIMER_STORE, partition, cache);
    return new StateManager(partition, stores, timers);
  }

  /**
   * The committed state of a task's stores for readers on any thread (interactive queries): no
   * row cache, no writes. Reads what RocksDB holds, which is committed state only.
   */
  public static StateManager readView(StateEnvironment env, String applicationId,
      ProcessorDefinition<?, ?, ?> d, int partition, LongSupplier clock) {
    return forTask(env, applicationId, d, partition, new RowCache(0), clock);
  }

  /**
   * How far this instance's local copy of a task's state goes: the sum of its stores' changelog
   * checkpoints, or -1 if none of its stores has one (no local state).
   */
  public static long checkpointSum(StateEnvironment env, String applicationId,
      ProcessorDefinition<?, ?, ?> d, int partition) {
    long sum = 0;
    boolean any = false;
    for (String name : StoreNames.storeNames(d)) {
      TaskStore.Checkpoint cp = store(env, applicationId, d.id(), name, partition,
          new RowCache(0)).checkpoint();
      if (cp != null) {
        sum += cp.nextOffset();
        any = true;
      }
    }
    return any ? sum : -1;
  }

  private static TaskStore store(StateEnvironment env, String applicationId, String processorId,
      String name, int partition, RowCache cache) {
    return new TaskStore(env, StoreNames.storeId(processorId, name), name,
        StoreNames.changelog(applicationId, processorId, name, partition), cache);
  }

  private static long ttlMillis(StateSpec spec) {
    return spec.ttl() == null ? 0 : spec.ttl().toMillis();
  }

  /** The declared stores by name, each seen through its TTL. */
  public Map<String, TtlStore> stores() {
    return stores;
  }

  /** A declared store, or {@code null} if the processor declares none of that name. */
  public @Nullable TtlStore store(String name) {
    return stores.get(name);
  }

  /** The store of the task's timers (and its progress rows). */
  public TaskStore timerStore() {
    return timerStore;
  }

  /** Every store of the task, timers included: what a restore must bring back. */
  public List<TaskStore> allStores() {
    return allStores;
  }

  /** Starts recording undo information for one record (or timer firing). */
  public void mark() {
    for (int i = 0; i < allStores.size(); i++) {
      allStores.get(i).mark();
    }
  }

  /** Undoes the writes made since {@link #mark()}. */
  public void rollbackToMark() {
    allStores.forEach(TaskStore::rollbackToMark);
  }

  /** Records that the task consumed {@code topic} up to {@code nextOffset} (exclusive). */
  public void consumed(String topic, long nextOffset) {
    consumed.put(topic, nextOffset);
  }

  /** Offsets consumed since the last commit (next offset to read per input partition). */
  public Map<TopicPartition, OffsetAndMetadata> consumedOffsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    consumed.forEach((topic, next) ->
        offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(next)));
    return offsets;
  }

  /** The watermark the committed state reflects, or {@link Long#MIN_VALUE} if none. */
  public long restoredWatermark() {
    byte[] raw = timerStore.get(WATERMARK_KEY);
    persistedWatermark = raw == null ? Long.MIN_VALUE : ByteBuffer.wrap(raw).getLong();
    return persistedWatermark;
  }

  /**
   * The next offset of {@code topic} that the committed state reflects (written in the same
   * transaction as the consumer offset), or -1 if none was recorded.
   */
  public long position(String topic) {
    byte[] raw = timerStore.get(positionKey(topic));
    return raw == null ? -1 : ByteBuffer.wrap(raw).getLong();
  }

  private static byte[] positionKey(String topic) {
    byte[] name = topic.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + name.length).put(POSITION).put(name).array();
  }

  /** Sends the state writes of the records processed since the last call to the changelogs. */
  public void sendNewWrites(ChangelogSink changelog) {
    for (TaskStore s : allStores) {
      s.sendNewWrites(changelog);
    }
  }

  /**
   * Prepares the commit: sweeps a bounded number of expired TTL entries, records the consumed
   * input positions and the watermark (if it moved), and sends each key whose last write the
   * changelog lacks.
   */
  public void prepareCommit(ChangelogSink changelog, long watermark) {
    stores.values().forEach(s -> s.sweep(TTL_SWEEP_BUDGET));
    consumed.forEach((topic, next) ->
        timerStore.put(positionKey(topic), ByteBuffer.allocate(8).putLong(next).array()));
    if (watermark != persistedWatermark) {
      timerStore.put(WATERMARK_KEY, ByteBuffer.allocate(8).putLong(watermark).array());
      persistedWatermark = watermark;
    }
    for (TaskStore s : allStores) {
      s.sendChangelog(changelog);
    }
  }

  /**
   * Seals the transaction prepared by {@link #prepareCommit}: its writes become the committed
   * view on the heap (pinned until applied) and the next records start a new transaction.
   * Returns what RocksDB must receive once the Kafka commit succeeded.
   */
  public List<SealedWrites> seal() {
    List<SealedWrites> sealed = new ArrayList<>(allStores.size());
    for (TaskStore s : allStores) {
      sealed.add(s.seal());
    }
    consumed.clear();
    return sealed;
  }

  /** The sealed transaction committed and its writes are in RocksDB. */
  public void sealApplied(long nowMillis) {
    allStores.forEach(TaskStore::sealedApplied);
    lastCommitMillis = nowMillis;
  }

  /** Wall-clock time of the last commit that included this task, or 0. Any thread. */
  public long lastCommitMillis() {
    return lastCommitMillis;
  }

  /** After an abort or loss: drops everything uncommitted, a sealed transaction included. */
  public void discard() {
    allStores.forEach(TaskStore::discard);
    consumed.clear();
    restoredWatermark();
  }

  /** The task is closed: drops uncommitted work and gives its cached rows back. */
  public void close() {
    allStores.forEach(TaskStore::close);
  }
}
