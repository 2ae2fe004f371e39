package dev.rivulet.internal.task;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RetryPolicy;
import dev.rivulet.api.TimeDomain;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.state.StateException;
import dev.rivulet.internal.state.StateManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of one processor: runs the processor on records and due timers, tracks the
 * watermark, and reports progress. Its state (stores, progress rows, the state's commit steps)
 * is owned by its {@link StateManager}; the worker decides when to commit. Lifecycle in
 * {@link TaskState}.
 *
 * <p>Confined to its worker thread; the progress getters may be read from any thread.
 */
public final class Task<K, V, O> implements TaskRuntimeView {
  private static final Logger log = LoggerFactory.getLogger(Task.class);
  /** Latency timers time one record in 16: a histogram update per record costs too much. */
  private static final int LATENCY_SAMPLE_MASK = 15;

  private final TaskId id;
  private final ProcessorDefinition<K, V, O> definition;
  private final KeyedProcessor<K, V, O> processor;
  private final Set<TopicPartition> inputs;
  private final Map<String, Deserializer<? extends V>> valueDeserializers = new HashMap<>();
  private final StateManager state;
  private final TimerService timers;
  private final RecordContext<K, O> ctx;
  private final BadRecordHandler badRecords;
  private final TaskMetrics metrics;
  private final LongSupplier clock;
  private final RecordSink sink;
  private long maxFutureMillis;
  private WatermarkTracker watermark;
  private volatile TaskState lifecycle = TaskState.CREATED;
  private boolean opened;
  private volatile long restoredRecords;
  private volatile long remainingToRestore;
  private volatile long publishedWatermark = Long.MIN_VALUE;
  private volatile long lag = -1;
  private int recordsSeen;
  private boolean sampling;

  /**
   * @param sink where outputs and dead letters go
   * @param deadLetterTopic the processor's dead-letter topic
   * @param maxRecordBytes largest output (key + value bytes) per topic
   */
  public Task(TaskId id, ProcessorDefinition<K, V, O> definition, StateManager state,
      RecordSink sink, MeterRegistry registry, String deadLetterTopic,
      ToIntFunction<String> maxRecordBytes, LongSupplier clock) {
    this.id = id;
    this.definition = definition;
    this.processor = definition.processorFactory().get();
    Set<TopicPartition> in = new HashSet<>();
    definition.inputTopics().forEach(t -> in.add(new TopicPartition(t, id.partition())));
    this.inputs = Set.copyOf(in);
    this.state = state;
    this.timers = new TimerService(state.timerStore());
    this.sink = sink;
    this.clock = clock;
    this.metrics = TaskMetrics.register(registry, id, this);
    definition.inputs().forEach(i -> valueDeserializers.put(i.topic(), i.valueSerde().deserializer()));
    this.ctx = new RecordContext<>(this, definition.keySerde(), definition.output(),
        definition.outputValueSerde(), state.stores(), timers, maxRecordBytes);
    this.maxFutureMillis = definition.maxFutureEventTime().isZero() ? Long.MAX_VALUE
        : definition.maxFutureEventTime().toMillis();
    this.badRecords = new BadRecordHandler(id.processorId(), definition.errorPolicy(),
        new DeadLetterBuilder(id.processorId(), deadLetterTopic,
            () -> maxRecordBytes.applyAsInt(deadLetterTopic)),
        metrics.skipped(), metrics.deadLettered());
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
    return lifecycle;
  }

  /** The owner of this task's stores and progress. */
  public StateManager stateManager() {
    return state;
  }

  public long lastCommitMillis() {
    return state.lastCommitMillis();
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

  /**
   * Moves to {@code next}; an illegal transition is a bug and throws. The processor is opened on
   * the first move to RUNNING and closed on CLOSED, which also drops the task's metrics.
   */
  public void transitionTo(TaskState next) {
    if (!lifecycle.canMoveTo(next)) {
      throw new IllegalStateException(
          "Task " + id + ": illegal transition " + lifecycle + " -> " + next);
    }
    lifecycle = next;
    if (next == TaskState.RUNNING && !opened) {
      opened = true;
      processor.open(id.partition());
    } else if (next == TaskState.CLOSED) {
      closeProcessor();
      metrics.close();
    }
  }

  private void closeProcessor() {
    if (!opened) {
      return;
    }
    opened = false;
    try {
      processor.close(id.partition());
    } catch (RuntimeException e) {
      log.warn("Processor '{}' failed to close on partition {}", id.processorId(), id.partition(), e);
    }
  }

  /**
   * Lifts the processor's {@code maxFutureEventTime}: for a clock that is not the wall clock (the
   * test driver's starts at 0 and moves only when the test moves it).
   */
  public void acceptAnyEventTime() {
    maxFutureMillis = Long.MAX_VALUE;
  }

  /** Called once the stores are restored: picks up the persisted watermark. */
  public void restored() {
    remainingToRestore = 0;
    watermark = new WatermarkTracker(definition.inputTopics(),
        definition.maxOutOfOrderness().toMillis(),
        definition.idleTimeout().toMillis(), state.restoredWatermark(), clock.getAsLong());
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
      state.mark();
      try {
        processOnce(record);
        break;
      } catch (TaskFailedException | StateException e) {
        throw e; // the task's or the local state's failure, not the record's
      } catch (RuntimeException | Error e) {
        Failures.rethrowIfFatal(e, id, record);
        state.rollbackToMark();
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
    state.consumed(record.topic(), record.offset() + 1);
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
    if (ts - now() > maxFutureMillis) {
      // it would move the watermark (persisted, never back) past every record still to come
      throw new IllegalArgumentException("Event time " + ts + " is " + (ts - now())
          + " ms ahead of the clock, beyond the processor's maxFutureEventTime of "
          + maxFutureMillis + " ms");
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
    int fired = fire(TimeDomain.EVENT_TIME, wm, limit);
    fired += fire(TimeDomain.PROCESSING_TIME, now(), limit - fired);
    return fired;
  }

  private int fire(TimeDomain domain, long upTo, int limit) {
    if (limit <= 0) {
      return 0;
    }
    byte row = domain == TimeDomain.EVENT_TIME ? TimerService.EVENT_TIME
        : TimerService.PROCESSING_TIME;
    List<TimerService.Due> due = timers.due(row, upTo, limit);
    for (TimerService.Due timer : due) {
      if (!timers.exists(row, timer.time(), timer.key())) {
        continue; // deleted by a timer that fired before it in this batch
      }
      state.mark();
      timers.delete(row, timer.time(), timer.key());
      try {
        ctx.forTimer(timer.key(), id.processorId(), timer.time());
        processor.onTimer(timer.time(), domain, ctx);
        flushPending();
      } catch (StateException e) {
        throw e;
      } catch (RuntimeException | Error e) {
        Failures.rethrowIfFatal(e, id, null);
        state.rollbackToMark();
        timers.delete(row, timer.time(), timer.key());
        ctx.pending().clear();
        handleTimerFailure(timer, e);
      }
      metrics.timersFired().increment();
    }
    return due.size();
  }

  private void handleTimerFailure(TimerService.Due timer, Throwable e) {
    if (definition.errorPolicy() == ErrorPolicy.FAIL) {
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

  /**
   * The next offset of {@code input} that the committed state reflects (written in the same
   * transaction as the consumer offset), or -1 if unknown. Under exactly-once the group's
   * committed offset can never be behind it; if it is, the offset regressed.
   */
  public long committedPosition(TopicPartition input) {
    return state.position(input.topic());
  }

  /** Counts an input position corrected from the state (the group's offset was behind it). */
  public void positionCorrected() {
    metrics.positionsCorrected().increment();
  }

  /** After an abort or loss: drops everything uncommitted, a sealed transaction included. */
  public void discardUncommitted() {
    state.discard();
    if (watermark != null) {
      restored();
    }
  }
}
