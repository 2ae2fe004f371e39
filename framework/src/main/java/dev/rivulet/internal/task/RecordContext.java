package dev.rivulet.internal.task;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.Output;
import dev.rivulet.api.Timers;
import dev.rivulet.api.state.KeyValueStore;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListState;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapState;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.KeyValueStoreHandle;
import dev.rivulet.internal.state.ListStateHandle;
import dev.rivulet.internal.state.MapStateHandle;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.state.ValueStateHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link KeyedContext} of a task, re-pointed at each record or timer. Emits are serialized
 * immediately (so a serialization error belongs to the record) but only handed to the sink when
 * the record succeeds.
 */
final class RecordContext<K, O> implements KeyedContext<K, O>, Timers {
  private static final Headers NO_HEADERS = readOnlyEmpty();

  private static Headers readOnlyEmpty() {
    RecordHeaders headers = new RecordHeaders();
    headers.setReadOnly();
    return headers;
  }

  private final TaskRuntimeView task;
  private final Serde<K> keySerde;
  private final @Nullable String output;
  private final @Nullable Serde<O> outputSerde;
  private final Map<String, TtlStore> stores;
  private final TimerService timers;
  private final ToIntFunction<String> maxRecordBytes;
  private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();

  private @Nullable K key;
  /** Whether {@link #key} holds the deserialized {@link #keyBytes} (deserialized on demand). */
  private boolean keyKnown;
  private @Nullable String keySource;
  private byte[] keyBytes;
  /** The default output's record size limit, looked up on its first emit. */
  private int outputLimit = -1;
  private long timestamp;
  private Headers headers = NO_HEADERS;
  private @Nullable String topic;
  private long offset;

  RecordContext(TaskRuntimeView task, Serde<K> keySerde, @Nullable String output,
      @Nullable Serde<O> outputSerde, Map<String, TtlStore> stores, TimerService timers,
      ToIntFunction<String> maxRecordBytes) {
    this.task = task;
    this.keySerde = keySerde;
    this.output = output;
    this.outputSerde = outputSerde;
    this.stores = stores;
    this.timers = timers;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Points the context at a record; {@code keySource} names the topic its key bytes came from. */
  void forRecord(byte[] keyBytes, String keySource, long timestamp, Headers headers,
      @Nullable String topic, long offset) {
    this.key = null;
    this.keyKnown = false;
    this.keySource = keySource;
    this.keyBytes = keyBytes;
    this.timestamp = timestamp;
    this.headers = headers;
    this.topic = topic;
    this.offset = offset;
    pending.clear();
  }

  void forTimer(byte[] keyBytes, String processorId, long time) {
    forRecord(keyBytes, processorId, time, NO_HEADERS, null, -1);
  }

  List<ProducerRecord<byte[], byte[]>> pending() {
    return pending;
  }

  @Override
  public K key() {
    if (!keyKnown) {
      key = keySerde.deserializer().deserialize(keySource, headers, keyBytes);
      keyKnown = true;
    }
    return key;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public Headers headers() {
    return headers;
  }

  @Override
  public @Nullable String topic() {
    return topic;
  }

  @Override
  public int partition() {
    return task.id().partition();
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public void emit(O value) {
    checkDefaultOutput();
    add(output, keyBytes, outputSerde.serializer().serialize(output, value), timestamp);
  }

  @Override
  public void emit(K key, O value) {
    emit(key, value, timestamp);
  }

  @Override
  public void emit(K key, O value, long timestamp) {
    checkDefaultOutput();
    byte[] k = keyKnown && key == this.key ? keyBytes : keySerde.serializer().serialize(output, key);
    add(output, k, outputSerde.serializer().serialize(output, value), timestamp);
  }

  private void checkDefaultOutput() {
    if (output == null || outputSerde == null) {
      throw new IllegalStateException("Processor '" + task.id().processorId()
          + "' has no default output: declare one, or emit to a named output");
    }
  }

  @Override
  public <OK, OV> void emit(Output<OK, OV> out, OK key, OV value) {
    emit(out, key, value, timestamp);
  }

  @Override
  public <OK, OV> void emit(Output<OK, OV> out, OK key, OV value, long timestamp) {
    if (!task.declares(out)) {
      throw new IllegalArgumentException("Output '" + out.name() + "' is not declared on processor '"
          + task.id().processorId() + "': add it to the definition");
    }
    add(out.topic(), out.keySerde().serializer().serialize(out.topic(), key),
        out.valueSerde().serializer().serialize(out.topic(), value), timestamp);
  }

  private void add(String topic, byte[] k, byte[] v, long ts) {
    int size = (k == null ? 0 : k.length) + (v == null ? 0 : v.length);
    int limit = limitOf(topic);
    if (size > limit) {
      throw new RecordTooLargeException("Output to " + topic + " is " + size
          + " bytes, above the " + limit + " bytes that the producer's max.request.size and the "
          + "topic's max.message.bytes allow");
    }
    pending.add(new ProducerRecord<>(topic, null, ts, k, v));
  }

  private int limitOf(String topic) {
    if (!topic.equals(output)) {
      return maxRecordBytes.applyAsInt(topic);
    }
    if (outputLimit < 0) {
      outputLimit = maxRecordBytes.applyAsInt(topic);
    }
    return outputLimit;
  }

  private TtlStore storeOf(StateSpec spec) {
    TtlStore store = stores.get(spec.name());
    if (store == null) {
      throw new IllegalArgumentException("State '" + spec.name() + "' is not declared on processor '"
          + task.id().processorId() + "': add it to the definition's state(...)");
    }
    return store;
  }

  @Override
  public <T> ValueState<T> state(ValueStateSpec<T> spec) {
    return new ValueStateHandle<>(storeOf(spec), spec.serde(), keyBytes);
  }

  @Override
  public <MK, MV> MapState<MK, MV> state(MapStateSpec<MK, MV> spec) {
    return new MapStateHandle<>(storeOf(spec), spec.keySerde(), spec.valueSerde(), keyBytes);
  }

  @Override
  public <T> ListState<T> state(ListStateSpec<T> spec) {
    return new ListStateHandle<>(storeOf(spec), spec.elementSerde(), keyBytes);
  }

  @Override
  public <SK, SV> KeyValueStore<SK, SV> store(KeyValueStoreSpec<SK, SV> spec) {
    return new KeyValueStoreHandle<>(storeOf(spec), spec.keySerde(), spec.valueSerde());
  }

  @Override
  public Timers timers() {
    return this;
  }

  @Override
  public long watermark() {
    return task.watermark();
  }

  @Override
  public long currentProcessingTime() {
    return task.now();
  }

  @Override
  public void eventTime(long time) {
    timers.register(TimerService.EVENT_TIME, time, keyBytes);
  }

  @Override
  public void processingTime(long time) {
    timers.register(TimerService.PROCESSING_TIME, time, keyBytes);
  }

  @Override
  public void deleteEventTime(long time) {
    timers.delete(TimerService.EVENT_TIME, time, keyBytes);
  }

  @Override
  public void deleteProcessingTime(long time) {
    timers.delete(TimerService.PROCESSING_TIME, time, keyBytes);
  }
}
