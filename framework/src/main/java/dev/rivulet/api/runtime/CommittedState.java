package dev.rivulet.api.runtime;

import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The committed state of one task (one processor's partition) on this instance, for reads from
 * any thread: every read sees committed state only, never a transaction in progress. Obtained
 * from {@link Rivulet#committedState}; valid until the task leaves this instance (reads then
 * throw {@link StateNotServedException}, a retryable {@link IllegalStateException}). Specs must be
 * the ones the processor declares.
 *
 * <p>Thread-safe.
 */
public interface CommittedState<K> {

  /** The task's partition. */
  int partition();

  /**
   * Whether this is a standby replica's copy ({@link Rivulet#replicaState}): committed state
   * too, but it may lag behind the owner's by {@link #lag()} changelog records.
   */
  default boolean standby() {
    return false;
  }

  /**
   * Changelog records this copy lacked at its last check (replicas check every second);
   * always 0 for the owner's state, which is the committed state by definition.
   */
  default long lag() {
    return 0;
  }

  /**
   * The input position the state reflects, per input topic: the next offset of that topic's
   * partition whose record is not yet in the state (-1 before the first commit). Read it before a
   * value: the value then reflects at least this position.
   */
  Map<String, Long> position();

  /** A key's value in a value state, or {@code null}. */
  <T> @Nullable T value(ValueStateSpec<T> spec, K key);

  /** Every entry of a key's map state, in serialized map-key order. */
  <MK, MV> Map<MK, MV> map(MapStateSpec<MK, MV> spec, K key);

  /** One entry of a key's map state, or {@code null}. */
  <MK, MV> @Nullable MV mapEntry(MapStateSpec<MK, MV> spec, K key, MK mapKey);

  /** A key's list state (empty if none). */
  <T> List<T> list(ListStateSpec<T> spec, K key);

  /** One entry of the partition's ordered key-value store, or {@code null}. */
  <SK, SV> @Nullable SV get(KeyValueStoreSpec<SK, SV> spec, SK key);

  /**
   * Entries of the partition's ordered key-value store with {@code from <= key < to} (null bounds
   * are open), in serialized key order, at most {@code limit}.
   */
  <SK, SV> List<Map.Entry<SK, SV>> range(KeyValueStoreSpec<SK, SV> spec, @Nullable SK from,
      @Nullable SK to, int limit);
}
