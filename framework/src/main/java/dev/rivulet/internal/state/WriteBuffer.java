package dev.rivulet.internal.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The uncommitted writes of one store: a hash map for the per-record path (get/put in O(1)),
 * and a key order built only when the store is scanned. Keys written since the last scan wait in
 * a list and are sorted into the order on the next scan, so stores that are never scanned (most
 * value and count stores) never pay for ordering. Values may be the caller's tombstone marker.
 */
final class WriteBuffer {
  private final HashMap<ByteKey, byte[]> values = new HashMap<>();
  private final TreeSet<byte[]> order = new TreeSet<>(Bytes.ORDER);
  private final List<byte[]> unordered = new ArrayList<>();

  byte @Nullable [] get(ByteKey key) {
    return values.get(key);
  }

  /** Stores {@code value}; returns the previous value (null if the key was not buffered). */
  byte @Nullable [] put(byte[] key, byte[] value) {
    byte[] previous = values.put(new ByteKey(key), value);
    if (previous == null) {
      unordered.add(key);
    }
    return previous;
  }

  /** Forgets a key (an undone write); its place in the order is dropped lazily. */
  void remove(byte[] key) {
    values.remove(new ByteKey(key));
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  int size() {
    return values.size();
  }

  void forEach(BiConsumer<ByteKey, byte[]> action) {
    values.forEach(action);
  }

  /** Buffered entries with {@code from <= key < to} (null = open), in key order. */
  List<Map.Entry<byte[], byte[]>> range(byte @Nullable [] from, byte @Nullable [] to) {
    if (values.isEmpty()) {
      return List.of();
    }
    order.addAll(unordered);
    unordered.clear();
    NavigableSet<byte[]> keys = from == null && to == null ? order
        : from == null ? order.headSet(to, false)
        : to == null ? order.tailSet(from, true)
        : order.subSet(from, true, to, false);
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    for (Iterator<byte[]> it = keys.iterator(); it.hasNext(); ) {
      byte[] key = it.next();
      byte[] value = values.get(new ByteKey(key));
      if (value == null) {
        it.remove(); // removed by an undo since it was ordered
      } else {
        out.add(Map.entry(key, value));
      }
    }
    return out;
  }

  void clear() {
    values.clear();
    order.clear();
    unordered.clear();
  }
}
