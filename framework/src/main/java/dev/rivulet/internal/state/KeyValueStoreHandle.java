package dev.rivulet.internal.state;

import dev.rivulet.api.state.KeyValueStore;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** {@link KeyValueStore} over a task's partition: the serialized key is the row key. */
public final class KeyValueStoreHandle<K, V> implements KeyValueStore<K, V> {
  private final TtlStore store;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String topic;

  public KeyValueStoreHandle(TtlStore store, Serde<K> keySerde, Serde<V> valueSerde) {
    this.store = store;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.topic = store.raw().changelog().topic();
  }

  private byte[] row(K key) {
    return keySerde.serializer().serialize(topic, key);
  }

  @Override
  public @Nullable V get(K key) {
    byte[] raw = store.get(row(key));
    return raw == null ? null : StoredValues.decode(valueSerde.deserializer(), topic, raw);
  }

  @Override
  public void put(K key, V value) {
    store.put(row(key), valueSerde.serializer().serialize(topic, value));
  }

  @Override
  public void delete(K key) {
    store.delete(row(key));
  }

  @Override
  public List<Map.Entry<K, V>> range(@Nullable K from, @Nullable K to) {
    return decode(store.scan(from == null ? null : row(from), to == null ? null : row(to)));
  }

  /** Like {@link #range(Object, Object)}, with at most {@code limit} entries. */
  public List<Map.Entry<K, V>> range(@Nullable K from, @Nullable K to, int limit) {
    return decode(store.scan(from == null ? null : row(from), to == null ? null : row(to), limit));
  }

  @Override
  public List<Map.Entry<K, V>> prefixScan(K prefix) {
    return decode(store.prefixScan(row(prefix)));
  }

  private List<Map.Entry<K, V>> decode(List<Map.Entry<byte[], byte[]>> rows) {
    List<Map.Entry<K, V>> out = new ArrayList<>(rows.size());
    for (Map.Entry<byte[], byte[]> e : rows) {
      out.add(new SimpleImmutableEntry<>(StoredValues.decode(keySerde.deserializer(), topic, e.getKey()),
          StoredValues.decode(valueSerde.deserializer(), topic, e.getValue())));
    }
    return out;
  }
}
