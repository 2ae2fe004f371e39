package dev.rivulet.internal.state;

import dev.rivulet.api.state.ValueState;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** {@link ValueState} of one key: the key's bytes are the row key. */
public final class ValueStateHandle<T> implements ValueState<T> {
  private final TtlStore store;
  private final Serde<T> serde;
  private final String topic;
  private final byte[] key;

  public ValueStateHandle(TtlStore store, Serde<T> serde, byte[] key) {
    this.store = store;
    this.serde = serde;
    this.topic = store.raw().changelog().topic();
    this.key = key;
  }

  @Override
  public @Nullable T get() {
    byte[] raw = store.get(key);
    return raw == null ? null : StoredValues.decode(serde.deserializer(), topic, raw);
  }

  @Override
  public void put(T value) {
    if (value == null) {
      clear();
    } else {
      store.put(key, serde.serializer().serialize(topic, value));
    }
  }

  @Override
  public void clear() {
    store.delete(key);
  }
}
