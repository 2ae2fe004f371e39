package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.StateNotServedException;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.KeyValueStoreHandle;
import dev.rivulet.internal.state.ListStateHandle;
import dev.rivulet.internal.state.MapStateHandle;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.state.ValueStateHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link CommittedState} of one task, or of a standby replica of it, read through its state
 * manager's read view (RocksDB holds committed state only). Every read checks that the task is
 * still here and running before and after it: a task that left, or came back and restores, makes
 * the read throw a retryable {@link StateNotServedException} instead of answering from state it no
 * longer keeps up to date.
 *
 * <p>Thread-safe (reads only).
 */
final class CommittedStateView<K> implements CommittedState<K> {
  private final ProcessorDefinition<K, ?, ?> definition;
  private final int partition;
  private final StateManager state;
  private final BooleanSupplier serving;
  private final @Nullable LongSupplier replicaLag;

  /**
   * @param serving whether the task (or replica) is still here and readable
   * @param replicaLag the replica's lag, or null for the owner's state
   */
  CommittedStateView(ProcessorDefinition<K, ?, ?> definition, int partition, StateManager state,
      BooleanSupplier serving, @Nullable LongSupplier replicaLag) {
    this.definition = definition;
    this.partition = partition;
    this.state = state;
    this.serving = serving;
    this.replicaLag = replicaLag;
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public boolean standby() {
    return replicaLag != null;
  }

  @Override
  public long lag() {
    return replicaLag == null ? 0 : Math.max(0, replicaLag.getAsLong());
  }

  @Override
  public Map<String, Long> position() {
    return read(() -> {
      Map<String, Long> out = new LinkedHashMap<>();
      definition.inputTopics().forEach(topic -> out.put(topic, state.position(topic)));
      return out;
    });
  }

  @Override
  public <T> @Nullable T value(ValueStateSpec<T> spec, K key) {
    TtlStore store = store(spec, ValueStateSpec.class);
    return read(() -> new ValueStateHandle<>(store, spec.serde(), keyBytes(key)).get());
  }

  @Override
  public <MK, MV> Map<MK, MV> map(MapStateSpec<MK, MV> spec, K key) {
    TtlStore store = store(spec, MapStateSpec.class);
    return read(() -> {
      Map<MK, MV> out = new LinkedHashMap<>();
      new MapStateHandle<>(store, spec.keySerde(), spec.valueSerde(), keyBytes(key)).entries()
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  @Override
  public <MK, MV> @Nullable MV mapEntry(MapStateSpec<MK, MV> spec, K key, MK mapKey) {
    TtlStore store = store(spec, MapStateSpec.class);
    return read(() -> new MapStateHandle<>(store, spec.keySerde(), spec.valueSerde(),
        keyBytes(key)).get(mapKey));
  }

  @Override
  public <T> List<T> list(ListStateSpec<T> spec, K key) {
    TtlStore store = store(spec, ListStateSpec.class);
    return read(() -> new ListStateHandle<>(store, spec.elementSerde(), keyBytes(key)).get());
  }

  @Override
  public <SK, SV> @Nullable SV get(KeyValueStoreSpec<SK, SV> spec, SK key) {
    TtlStore store = store(spec, KeyValueStoreSpec.class);
    return read(() -> new KeyValueStoreHandle<>(store, spec.keySerde(), spec.valueSerde())
        .get(key));
  }

  @Override
  public <SK, SV> List<Map.Entry<SK, SV>> range(KeyValueStoreSpec<SK, SV> spec,
      @Nullable SK from, @Nullable SK to, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    TtlStore store = store(spec, KeyValueStoreSpec.class);
    return read(() -> new KeyValueStoreHandle<>(store, spec.keySerde(), spec.valueSerde())
        .range(from, to, limit));
  }

  private byte[] keyBytes(K key) {
    return definition.keySerde().serializer().serialize(definition.inputTopics().get(0), key);
  }

  /** The declared store of {@code spec}'s name, which must be of the given kind. */
  private TtlStore store(StateSpec spec, Class<?> kind) {
    StateSpec declared = definition.stateSpecs().stream()
        .filter(s -> s.name().equals(spec.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Processor '" + definition.id()
            + "' declares no state '" + spec.name() + "'"));
    if (!kind.isInstance(declared)) {
      throw new IllegalArgumentException("State '" + spec.name() + "' of processor '"
          + definition.id() + "' is a " + declared.getClass().getSimpleName() + ", not a "
          + kind.getSimpleName());
    }
    return state.store(spec.name());
  }

  private <R> R read(Supplier<R> read) {
    check();
    R result = read.get();
    check();
    return result;
  }

  private void check() {
    if (!serving.getAsBoolean()) {
      throw new StateNotServedException("Partition " + partition + " of processor '"
          + definition.id() + "' is no longer served by this instance's "
          + (standby() ? "replica (dropped or starting over)" : "task (moved or restoring)")
          + "; locate the key again and retry");
    }
  }
}
