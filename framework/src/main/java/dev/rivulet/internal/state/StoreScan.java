package dev.rivulet.internal.state;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * A key-ordered range read of one task's store, as the task sees it: the committed rows in
 * RocksDB, overlaid with the sealed transaction's rows (committed on the heap, not yet in
 * RocksDB) and then the open transaction's writes. Keys are returned without the task prefix.
 *
 * <p>Used on the store's worker thread; holds nothing between calls.
 */
final class StoreScan {
  private StoreScan() {}

  /**
   * Entries with {@code from <= key < to} (null = open) in key order, reading at most
   * {@code limit} committed rows; with a limit and no upper bound, the overlays are cut at the
   * last committed row read.
   *
   * @param sealed the sealed transaction's rows in the range, in key order
   * @param pending the open transaction's rows in the range, in key order
   */
  static List<Map.Entry<byte[], byte[]>> merge(StateEnvironment env, ColumnFamilyHandle cf,
      byte[] prefix, byte @Nullable [] from, byte @Nullable [] to, int limit,
      SliceSource sealed, SliceSource pending) {
    TreeMap<byte[], byte[]> merged = new TreeMap<>(Bytes.ORDER);
    byte[] lower = from == null ? prefix : Bytes.concat(prefix, from);
    byte[] upper = to == null ? Bytes.prefixEnd(prefix) : Bytes.concat(prefix, to);
    try (RocksIterator it = env.iterator(cf)) {
      int read = 0;
      for (it.seek(lower); it.isValid() && read < limit; it.next(), read++) {
        byte[] k = it.key();
        if (upper != null && Arrays.compareUnsigned(k, upper) >= 0) {
          break;
        }
        if (read == limit - 1 && to == null) {
          // bound the merge of pending writes by the last row read (inclusive)
          to = Bytes.concat(Arrays.copyOfRange(k, prefix.length, k.length), new byte[] {0});
        }
        merged.put(Arrays.copyOfRange(k, prefix.length, k.length), it.value());
      }
      if (!it.isValid()) {
        env.checkStopped(it); // the end of the data, or an error that must not pass for one
      }
    }
    for (Row r : sealed.slice(from, to)) {
      if (r.committed == Row.ABSENT) {
        merged.remove(r.key);
      } else {
        merged.put(r.key, r.committed);
      }
    }
    for (Row r : pending.slice(from, to)) {
      if (r.pending == Row.TOMBSTONE) {
        merged.remove(r.key);
      } else {
        merged.put(r.key, r.pending);
      }
    }
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>(merged.size());
    merged.forEach((k, v) -> out.add(new SimpleImmutableEntry<>(k, v)));
    return out;
  }

  /** Rows of an overlay whose keys fall in {@code [from, to)}, in key order. */
  @FunctionalInterface
  interface SliceSource {
    Collection<Row> slice(byte @Nullable [] from, byte @Nullable [] to);
  }
}
