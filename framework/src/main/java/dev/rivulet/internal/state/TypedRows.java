package dev.rivulet.internal.state;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * Rows of a store read and written as values of one type: what the state handles share. Values
 * are serialized with the store's changelog topic as the serde's topic, and a stored value that
 * cannot be read back is a {@link StateException} ({@link StoredValues#decode}).
 */
final class TypedRows<V> {
  private final TtlStore store;
  private final Serde<V> serde;
  private final String topic;

  TypedRows(TtlStore store, Serde<V> serde) {
    this.store = store;
    this.serde = serde;
    this.topic = store.raw().changelog().topic();
  }

  TtlStore store() {
    return store;
  }

  byte[] encode(V value) {
    return serde.serializer().serialize(topic, value);
  }

  V decode(byte[] raw) {
    return StoredValues.decode(serde.deserializer(), topic, raw);
  }

  @Nullable V get(byte[] row) {
    byte[] raw = store.get(row);
    return raw == null ? null : decode(raw);
  }

  void put(byte[] row, V value) {
    store.put(row, encode(value));
  }

  void delete(byte[] row) {
    store.delete(row);
  }

  /** Decodes scanned rows: the key with {@code key}, the value as this type. */
  <K> List<Map.Entry<K, V>> entries(List<Map.Entry<byte[], byte[]>> rows,
      Function<byte[], K> key) {
    List<Map.Entry<K, V>> out = new ArrayList<>(rows.size());
    for (Map.Entry<byte[], byte[]> e : rows) {
      out.add(new SimpleImmutableEntry<>(key.apply(e.getKey()), decode(e.getValue())));
    }
    return out;
  }
}
