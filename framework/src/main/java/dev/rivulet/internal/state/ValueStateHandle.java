package dev.rivulet.internal.state;

import dev.rivulet.api.state.ValueState;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** {@link ValueState} of one key: the key's bytes are the row key. */
public final class ValueStateHandle<T> implements ValueState<T> {
  private final TypedRows<T> rows;
  private final byte[] key;

  public ValueStateHandle(TtlStore store, Serde<T> serde, byte[] key) {
    this.rows = new TypedRows<>(store, serde);
    this.key = key;
  }

  @Override
  public @Nullable T get() {
    return rows.get(key);
  }

  @Override
  public void put(T value) {
    if (value == null) {
      clear();
    } else {
      rows.put(key, value);
    }
  }

  @Override
  public void clear() {
    rows.delete(key);
  }
}
