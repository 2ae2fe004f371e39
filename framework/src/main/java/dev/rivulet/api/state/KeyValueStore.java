package dev.rivulet.api.state;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A partition-wide store ordered by serialized key bytes. Scans see the task's own uncommitted
 * writes. Valid only during the call that obtained it.
 */
public interface KeyValueStore<K, V> {

  @Nullable V get(K key);

  void put(K key, V value);

  void delete(K key);

  /** Entries with {@code from <= key < to} in key order; {@code null} bounds are open. */
  List<Map.Entry<K, V>> range(@Nullable K from, @Nullable K to);

  /** Entries whose serialized key starts with the serialized {@code prefix}. */
  List<Map.Entry<K, V>> prefixScan(K prefix);

  /** Every entry of the partition in key order. */
  default List<Map.Entry<K, V>> all() {
    return range(null, null);
  }
}
