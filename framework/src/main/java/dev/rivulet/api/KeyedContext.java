package dev.rivulet.api;

import dev.rivulet.api.state.KeyValueStore;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListState;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapState;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * What a processor sees while it handles one record (or one timer): the record's metadata, the
 * state of the current key, and the ways to emit results.
 *
 * <p><b>Lifetime:</b> valid only during the {@code process}/{@code onTimer} call it was passed to;
 * state handles obtained from it are bound to the current key and must not be kept either.
 * <b>Threading:</b> called on the task's worker thread only; no synchronization needed.
 *
 * @param <K> key type
 * @param <O> value type of the default output
 */
public interface KeyedContext<K, O> {

  /**
   * The current key (the record's key, or the key a timer was registered for). Deserialized on
   * the first call for a record or timer: a processor that never asks for it (state, timers and
   * {@link #emit(Object)} work on the key's bytes) pays nothing for it. A key that cannot be
   * deserialized fails here, and the record follows the processor's error policy.
   */
  K key();

  /** Event time of the current record in epoch millis; for a timer, the timer's time. */
  long timestamp();

  /** The record's headers (read-only); empty for a timer. */
  Headers headers();

  /** Topic of the current record; {@code null} when a timer fires. */
  @Nullable String topic();

  /** Input partition (= task partition). */
  int partition();

  /** Offset of the current record; {@code -1} when a timer fires. */
  long offset();

  /** Emits a value to the default output with the current key and timestamp. */
  void emit(O value);

  /** Emits a value to the default output with another key and the current timestamp. */
  void emit(K key, O value);

  /** Emits a value to the default output with another key and timestamp. */
  void emit(K key, O value, long timestamp);

  /** Emits to a named output declared on the processor definition. */
  <OK, OV> void emit(Output<OK, OV> output, OK key, OV value);

  /** Emits to a named output with an explicit timestamp. */
  <OK, OV> void emit(Output<OK, OV> output, OK key, OV value, long timestamp);

  /** The current key's value state for a declared spec. */
  <T> ValueState<T> state(ValueStateSpec<T> spec);

  /** The current key's map state for a declared spec. */
  <MK, MV> MapState<MK, MV> state(MapStateSpec<MK, MV> spec);

  /** The current key's list state for a declared spec. */
  <T> ListState<T> state(ListStateSpec<T> spec);

  /** A partition-wide ordered store (not scoped to the current key). */
  <SK, SV> KeyValueStore<SK, SV> store(KeyValueStoreSpec<SK, SV> spec);

  /** Per-key timers of the current key. */
  Timers timers();

  /** The task's current watermark (event time below which no more records are expected). */
  long watermark();

  /** Wall-clock time as seen by the runtime (a test clock in the test driver). */
  long currentProcessingTime();
}
