package dev.rivulet.internal.task;

import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RetryPolicy;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.state.ChangelogSink;
import dev.rivulet.internal.state.SealedWrites;
import dev.rivulet.internal.state.TaskStore;
import dev.rivulet.internal.state.TtlStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.rocksdb.WriteBatch;

/**
 * One partition of one processor: its stores, timers, watermark and consumed offsets. Processes
 * records and fires timers; the worker decides when to commit. Lifecycle in {@link TaskState}.
 *
 * <p>Confined to its worker thread.
 */
public final class Task<K, V, O> implements TaskRuntimeView {
  private static final int TTL_SWEEP_BUDGET = 256;
  /** Latency timers time one record in 16: a histogram update per record costs too much. */
  private static final int LATENCY_SAMPLE_MASK = 15;

  private final TaskId id;
  private final ProcessorDefinition<K, V, O> definition;
  private final KeyedProcessor<K, V, O> processor;
  private final Set<TopicPartition> inputs;
  private final Map<String, Deserializer<? extends V>> valueDeserializers = new HashMap<>();
  private final Map<String, TtlStore> stores;
  private final TimerService timers;
  /** The stores' raw stores and the timer store (marked for every record). */
  private final List<TaskStore> allStores;
  private final RecordContext<K, O> ctx;
  private final BadRecordHandler badRecords;
  private final TaskMetrics metrics;
  private final LongSupplier clock;
  private final RecordSink sink;
  /** Next offset to read per input topic (the partition is the task's), since the last commit. */
  private final Map<String, Long> consumed = new HashMap<>();
  private WatermarkTracker watermark;
  private long persistedWatermark;
  private volatile TaskState state = TaskState.CREATED;
  private volatile long lastCommitMillis;
  private volatile long restoredRecords;
  private volatile long remainingToRestore;
  private volatile long publishedWatermark = Long.MIN_VALUE;
  private volatile long lag = -1;
  private int recordsSeen;
  private boolean sampling;

  public Task(TaskId id, ProcessorDefinition<K, V, O> definition, Set<TopicPartition> inputs,
      Map<String, TtlStore> stores, TaskStore timerStore, RecordSink sink,
      io.micrometer.core.instrument.MeterRegistry registry, String deadLetterTopic, java.util.function.ToIntFunction<String> maxRecordBytes,
      LongSupplier clock) {
    this.id = id;
    this.definition = definition;
    this.processor = definition.processorFactory().get();
    this.inputs = Set.copyOf(inputs);
    this.stores = Map.copyOf(stores);
    this.timers = new TimerService(timerStore);
    List<TaskStore> all = new ArrayList<>();
    this.stores.values().forEach(st -> all.add(st.raw()));
    all.add(timerStore);
    this.allStores = List.copyOf(all);
    this.sink = sink;
    this.clock = clock;
    this.metrics = TaskMetrics.register(registry, id, this);
    definition.inputs().forEach(in -> valueDeserializers.put(in.topic(), in.valueSerde().deserializer()));
    this.ctx = new RecordContext<>(this, definition.keySerde(), definition.output(),
        definition.outputValueSerde(), this.stores, timers, maxRecordBytes);
    this.badRecords = new BadRecordHandler(id.processorId(), definition.errorPolicy(),
        deadLetterTopic, metrics.skipped(), metrics.deadLettered());
  }

  @Override
  public TaskId id() {
    return id;
  }

  public ProcessorDefinition<K, V, O> definition() {
    return definition;
  }

  public Set<TopicPartition> inputs() {
    return inputs;
  }

  public TaskState state() {
    return state;
  }

  public long lastCommitMillis() {
    return lastCommitMillis;
  }

  /** Restore progress, reported by the restorer. */
  public void restoreProgress(long newlyRestored, long remaining) {
    restoredRecords += newlyRestored;
    remainingToRestore = remaining;
    metrics.restored().increment(newlyRestored);
  }

  public long restoredRecords() {
    return restoredRecords;
  }

  public long remainingToRestore() {
    return remainingToRestore;
  }

  /** The watermark as last published by the worker (readable from any thread). */
  public long publishedWatermark() {
    return publishedWatermark;
  }

  public long lag() {
    return lag;
  }

  public void lag(long lag) {
    this.lag = lag;
  }

  /** Moves to {@code next}; an illegal transition is a bug and throws. Closing drops metrics. */
  public void transitionTo(TaskState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("Task " + id + ": illegal transition " + state + " -> " + next);
    }
    state = next;
    if (next == TaskState.CLOSED) {
      metrics.close();
    }
  }

  /** Every store of the task, timers included (what a restore must bring back). */
  public List<TaskStore> allStores() {
    return allStores;
  }

  /** Called once the stores are restored: picks up the persisted watermark. */
  public void restored() {
    remainingToRestore = 0;
    persistedWatermark = timers.restoredWatermark();
    watermark = new WatermarkTracker(definition.inputTopics(),
        definition.maxOutOfOrderness().toMillis(),
        definition.idleTimeout().toMillis(), persistedWatermark, clock.getAsLong());
  }

  @Override
  public boolean declares(Output<?, ?> output) {
    return output.equals(definition.namedOutputs().get(output.name()));
  }

  @Override
  public long watermark() {
    return watermark == null ? Long.MIN_VALUE : watermark.current();
  }

  @Override
  public long now() {
    return clock.getAsLong();
  }

  /**
   * Processes one input record; transient failures are retried per the retry policy, then a bad
   * record follows the processor's error policy.
   */
  public void process(ConsumerRecord<byte[], byte[]> record) {
    sampling = (recordsSeen++ & LATENCY_SAMPLE_MASK) == 0;
    long start = sampling ? System.nanoTime() : 0;
    for (int attempt = 1; ; attempt++) {
      markStores();
      try {
        processOnce(record);
        break;
      } catch (TaskFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        rollbackStores();
        ctx.pending().clear();
        RetryPolicy retry = definition.retry();
        if (attempt < retry.maxAttempts() && retry.isTransient(e)) {
          sleep(retry.backoffBefore(attempt + 1).toMillis());
          continue;
        }
        badRecords.handle(record, e, sink);
        break;
      }
    }
    consumed.put(record.topic(), record.offset() + 1);
    metrics.in().increment();
    if (sampling) {
      metrics.processing().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private void processOnce(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      throw new IllegalArgumentException("Record has a null key; keyed processors need a key");
    }
    @SuppressWarnings("unchecked")
    V value = (V) valueDeserializers.get(record.topic())
        .deserialize(record.topic(), record.headers(), record.value());
    long ts = definition.timestampExtractor().extract(value, record.timestamp());
    if (ts < 0) {
      throw new IllegalArgumentException("Invalid (negative) event time " + ts);
    }
    ctx.forRecord(record.key(), record.topic(), ts, record.headers(), record.topic(),
        record.offset());
    processor.process(value, ctx);
    flushPending();
    watermark.observe(record.topic(), ts, now());
    if (sampling) {
      metrics.endToEnd().record(Math.max(0, now() - record.timestamp()), TimeUnit.MILLISECONDS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Advances the watermark and fires due timers (at most {@code limit}); returns how many fired.
   */
  public int fireTimers(int limit) {
    long wm = watermark.advance(now());
    publishedWatermark = wm;
    int fired = fire(TimerService.EVENT_TIME, wm, limit);
    fired += fire(TimerService.PROCESSING_TIME, now(), limit - fired);
    return fired;
  }

  private int fire(byte domain, long upTo, int limit) {
    if (limit <= 0) {
      return 0;
    }
    List<TimerService.Due> due = timers.due(domain, upTo, limit);
    for (TimerService.Due timer : due) {
      markStores();
      timers.delete(domain, timer.time(), timer.key());
      try {
        ctx.forTimer(timer.key(), id.processorId(), timer.time());
        processor.onTimer(timer.time(), ctx);
        flushPending();
      } catch (RuntimeException e) {
        rollbackStores();
        timers.delete(domain, timer.time(), timer.key());
        ctx.pending().clear();
        handleTimerFailure(timer, e);
      }
      metrics.timersFired().increment();
    }
    return due.size();
  }

  private void handleTimerFailure(TimerService.Due timer, RuntimeException e) {
    if (definition.errorPolicy() == dev.rivulet.api.ErrorPolicy.FAIL) {
      throw new TaskFailedException("Processor '" + id.processorId() + "' failed in onTimer("
          + timer.time() + ") on partition " + id.partition() + " (policy FAIL): " + e, e);
    }
    metrics.skipped().increment();
  }

  private void flushPending() {
    for (ProducerRecord<byte[], byte[]> out : ctx.pending()) {
      sink.send(out);
      metrics.out().increment();
    }
    ctx.pending().clear();
  }

  private void markStores() {
    for (int i = 0; i < allStores.size(); i++) {
      allStores.get(i).mark();
    }
  }

  private void rollbackStores() {
    allStores.forEach(TaskStore::rollbackToMark);
  }

  /** Offsets consumed since the last commit (next offset to read per input partition). */
  public Map<TopicPartition, OffsetAndMetadata> consumedOffsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    consumed.forEach((topic, next) ->
        offsets.put(new TopicPartition(topic, id.partition()), new OffsetAndMetadata(next)));
    return offsets;
  }

  /**
   * The next offset of {@code input} that the committed state reflects (written in the same
   * transaction as the consumer offset), or -1 if unknown. Under exactly-once the group's
   * committed offset can never be behind it; if it is, the offset regressed.
   */
  public long committedPosition(TopicPartition input) {
    return timers.position(input.topic());
  }

  /** Counts an input position corrected from the state (the group's offset was behind it). */
  public void positionCorrected() {
    metrics.positionsCorrected().increment();
  }

  /** Whether this task has anything to commit. */
  public boolean hasPendingWork() {
    if (!consumed.isEmpty()) {
      return true;
    }
    for (TaskStore s : allStores()) {
      if (s.isDirty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prepares the commit: sweeps a bounded number of expired TTL entries, persists the watermark
   * if it moved, and sends each key whose last write the changelog lacks.
   */
  public void prepareCommit(ChangelogSink changelog) {
    stores.values().forEach(s -> s.sweep(TTL_SWEEP_BUDGET));
    consumed.forEach(timers::persistPosition);
    long wm = watermark();
    if (wm != persistedWatermark) {
      timers.persistWatermark(wm);
      persistedWatermark = wm;
    }
    for (TaskStore s : allStores()) {
      s.sendChangelog(changelog);
    }
  }

  /** Sends the state writes of the records processed since the last call to the changelogs. */
  public void sendNewWrites(ChangelogSink changelog) {
    for (TaskStore s : allStores()) {
      s.sendNewWrites(changelog);
    }
  }

  /**
   * Seals the transaction prepared by {@link #prepareCommit}: its state writes become the
   * committed view on the heap (pinned until applied) and the next records start a new
   * transaction. Returns what RocksDB must receive once the Kafka commit succeeded.
   */
  public List<SealedWrites> seal() {
    List<SealedWrites> sealed = new ArrayList<>();
    for (TaskStore s : allStores()) {
      sealed.add(s.seal());
    }
    consumed.clear();
    return sealed;
  }

  /** The sealed transaction committed and its writes are in RocksDB. */
  public void sealApplied(long nowMillis) {
    allStores().forEach(TaskStore::sealedApplied);
    lastCommitMillis = nowMillis;
  }

  /** After a successful Kafka commit: seals and stages everything into {@code batch} at once. */
  public void committed(WriteBatch batch, long nowMillis) {
    for (SealedWrites w : seal()) {
      w.stageInto(batch);
    }
    sealApplied(nowMillis);
  }

  /** Closed (after its commit or {@link #discardUncommitted}): gives its cached rows back. */
  public void releaseState() {
    allStores().forEach(TaskStore::close);
  }

  /** After an abort or loss: drops everything uncommitted, a sealed transaction included. */
  public void discardUncommitted() {
    allStores().forEach(TaskStore::discard);
    consumed.clear();
    if (watermark != null) {
      restored();
    }
  }
}
