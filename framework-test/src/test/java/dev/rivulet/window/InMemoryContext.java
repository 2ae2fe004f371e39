package dev.rivulet.window;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.Output;
import dev.rivulet.api.Timers;
import dev.rivulet.api.state.KeyValueStore;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListState;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapState;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * A hand-driven {@link KeyedContext} for operator unit tests: the test sets key, timestamp and
 * watermark, and decides when timers fire, so that it can hold due timers back as a busy runtime
 * does. Map state keeps numeric (not byte) order, which is what the window code relies on for
 * its ordered-long keys. Emits are recorded in {@link #emitted} and, to named outputs, in
 * {@link #lateEmits}.
 */
final class InMemoryContext<O> implements KeyedContext<String, O>, Timers {
  private final Map<String, Object> values = new HashMap<>();
  private final Map<String, TreeMap<Object, Object>> maps = new HashMap<>();
  final TreeSet<String> eventTimers = new TreeSet<>(); // "key@time", zero-padded
  final List<O> emitted = new ArrayList<>();
  final List<Object> lateEmits = new ArrayList<>();
  String key = "";
  long timestamp;
  long watermark = Long.MIN_VALUE;

  InMemoryContext<O> at(String key, long timestamp) {
    this.key = key;
    this.timestamp = timestamp;
    return this;
  }

  /** Event-time timers of the current key. */
  List<Long> timersOfKey() {
    return eventTimers.stream().filter(t -> t.startsWith(key + "@"))
        .map(t -> Long.parseLong(t.substring(key.length() + 1))).toList();
  }

  /** Window-state entries of the current key in map state {@code name}. */
  int mapSize(String name) {
    TreeMap<Object, Object> m = maps.get(key + "/" + name);
    return m == null ? 0 : m.size();
  }

  /** Whether the current key has value state {@code name}. */
  boolean hasValue(String name) {
    return values.containsKey(key + "/" + name);
  }

  private static String timer(String key, long time) {
    return key + "@" + String.format("%019d", time);
  }

  @Override
  public void eventTime(long time) {
    eventTimers.add(timer(key, time));
  }

  @Override
  public void deleteEventTime(long time) {
    eventTimers.remove(timer(key, time));
  }

  /** Removes a due timer of the current key, as the runtime does before calling onTimer. */
  boolean consume(long time) {
    return eventTimers.remove(timer(key, time));
  }

  @Override
  public void processingTime(long time) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void deleteProcessingTime(long time) {
    throw new UnsupportedOperationException();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> ValueState<T> state(ValueStateSpec<T> spec) {
    String slot = key + "/" + spec.name();
    return new ValueState<>() {
      @Override
      public @Nullable T get() {
        return (T) values.get(slot);
      }

      @Override
      public void put(T value) {
        values.put(slot, value);
      }

      @Override
      public void clear() {
        values.remove(slot);
      }
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public <MK, MV> MapState<MK, MV> state(MapStateSpec<MK, MV> spec) {
    TreeMap<Object, Object> m = maps.computeIfAbsent(key + "/" + spec.name(), n -> new TreeMap<>());
    return new MapState<>() {
      @Override
      public @Nullable MV get(MK mapKey) {
        return (MV) m.get(mapKey);
      }

      @Override
      public void put(MK mapKey, MV value) {
        m.put(mapKey, value);
      }

      @Override
      public void remove(MK mapKey) {
        m.remove(mapKey);
      }

      @Override
      public boolean contains(MK mapKey) {
        return m.containsKey(mapKey);
      }

      @Override
      public Iterable<Map.Entry<MK, MV>> entries() {
        List<Map.Entry<MK, MV>> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(Map.entry((MK) k, (MV) v)));
        return out;
      }

      @Override
      public void clear() {
        m.clear();
      }

      @Override
      public boolean isEmpty() {
        return m.isEmpty();
      }
    };
  }

  @Override
  public <T> ListState<T> state(ListStateSpec<T> spec) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <SK, SV> KeyValueStore<SK, SV> store(KeyValueStoreSpec<SK, SV> spec) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Timers timers() {
    return this;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public long watermark() {
    return watermark;
  }

  @Override
  public long currentProcessingTime() {
    return 0;
  }

  @Override
  public Headers headers() {
    return new RecordHeaders();
  }

  @Override
  public @Nullable String topic() {
    return null;
  }

  @Override
  public int partition() {
    return 0;
  }

  @Override
  public long offset() {
    return -1;
  }

  @Override
  public void emit(O value) {
    emitted.add(value);
  }

  @Override
  public void emit(String key, O value) {
    emit(value);
  }

  @Override
  public void emit(String key, O value, long timestamp) {
    emit(value);
  }

  @Override
  public <OK, OV> void emit(Output<OK, OV> output, OK key, OV value) {
    lateEmits.add(value);
  }

  @Override
  public <OK, OV> void emit(Output<OK, OV> output, OK key, OV value, long timestamp) {
    lateEmits.add(value);
  }
}
