package dev.rivulet.internal.state;

import dev.rivulet.api.state.KeyValueStore;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** {@link KeyValueStore} over a task's partition: the serialized key is the row key. */
public final class KeyValueStoreHandle<K, V> implements KeyValueStore<K, V> {
  private final TypedRows<K> keys;
  private final TypedRows<V> values;

  public KeyValueStoreHandle(TtlStore store, Serde<K> keySerde, Serde<V> valueSerde) {
    this.keys = new TypedRows<>(store, keySerde);
    this.values = new TypedRows<>(store, valueSerde);
  }

  private byte @Nullable [] row(@Nullable K key) {
    return key == null ? null : keys.encode(key);
  }

  @Override
  public @Nullable V get(K key) {
    return values.get(keys.encode(key));
  }

  @Override
  public void put(K key, V value) {
    values.put(keys.encode(key), value);
  }

  @Override
  public void delete(K key) {
    values.delete(keys.encode(key));
  }

  @Override
  public List<Map.Entry<K, V>> range(@Nullable K from, @Nullable K to) {
    return values.entries(values.store().scan(row(from), row(to)), keys::decode);
  }

  /** Like {@link #range(Object, Object)}, with at most {@code limit} entries. */
  public List<Map.Entry<K, V>> range(@Nullable K from, @Nullable K to, int limit) {
    return values.entries(values.store().scan(row(from), row(to), limit), keys::decode);
  }

  @Override
  public List<Map.Entry<K, V>> prefixScan(K prefix) {
    return values.entries(values.store().prefixScan(keys.encode(prefix)), keys::decode);
  }
}
