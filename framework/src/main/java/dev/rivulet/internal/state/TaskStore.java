package dev.rivulet.internal.state;

import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One store of one task: a transactional write buffer over the task's rows of a RocksDB column
 * family, mirrored to one changelog partition.
 *
 * <p>Writes of the open transaction stay in the buffer (read-your-writes, merged into scans).
 * {@link #sendChangelog} sends each dirty key once per transaction; only after the Kafka commit
 * does {@link #commitTo} move the buffer into RocksDB, in the same batch as the changelog offset
 * it corresponds to. RocksDB therefore only ever holds committed state. {@link #discard} drops an
 * aborted transaction. A record-level {@link #mark}/{@link #rollbackToMark} undoes the writes of
 * one failed record.
 *
 * <p>Confined to the owning worker thread, except the offset callback.
 */
public final class TaskStore {
  private static final byte[] TOMBSTONE = new byte[0];
  private static final byte META = (byte) 0xFF;

  private final StateEnvironment env;
  private final ColumnFamilyHandle cf;
  private final String name;
  private final TopicPartition changelog;
  private final byte[] prefix;
  private final byte[] checkpointKey;
  private final WriteBuffer dirty = new WriteBuffer();
  /** Values before the current record's first write per key (ABSENT: not buffered before). */
  private HashMap<ByteKey, byte[]> undo = new HashMap<>();
  private final AtomicLong lastSentOffset = new AtomicLong(-1);
  private final RowCache cache;
  private int cacheTag = RowCache.newTag();

  /** A store without a row cache (reads from other threads, e.g. interactive queries). */
  public TaskStore(StateEnvironment env, String storeId, String name, TopicPartition changelog) {
    this(env, storeId, name, changelog, new RowCache(0));
  }

  /** A store of a worker's task; {@code cache} is that worker's row cache. */
  public TaskStore(StateEnvironment env, String storeId, String name, TopicPartition changelog,
      RowCache cache) {
    this.cache = cache;
    this.env = env;
    this.cf = env.family(storeId);
    this.name = name;
    this.changelog = changelog;
    this.prefix = Bytes.intBytes(changelog.partition());
    this.checkpointKey = new byte[] {META, prefix[0], prefix[1], prefix[2], prefix[3]};
  }

  public String name() {
    return name;
  }

  public TopicPartition changelog() {
    return changelog;
  }

  public ColumnFamilyHandle family() {
    return cf;
  }

  /** The value of a key (buffer first, then committed state), or null. */
  public byte @Nullable [] get(byte[] key) {
    ByteKey k = new ByteKey(key); // hashed once for the buffer and the cache
    byte[] buffered = dirty.get(k);
    if (buffered != null) {
      return buffered == TOMBSTONE ? null : buffered;
    }
    byte[] cached = cache.get(cacheTag, k);
    if (cached != null) {
      return cached == RowCache.ABSENT ? null : cached;
    }
    byte[] committed = env.get(cf, Bytes.concat(prefix, key));
    cache.put(cacheTag, k, committed == null ? RowCache.ABSENT : committed);
    return committed;
  }

  public void put(byte[] key, byte[] value) {
    remember(key);
    dirty.put(key, value);
  }

  public void delete(byte[] key) {
    remember(key);
    dirty.put(key, TOMBSTONE);
  }

  /** Entries with {@code from <= key < to} (null = open) in key order, uncommitted writes merged. */
  public List<Map.Entry<byte[], byte[]>> scan(byte @Nullable [] from, byte @Nullable [] to) {
    return scan(from, to, Integer.MAX_VALUE);
  }

  /** Like {@link #scan(byte[], byte[])} reading at most {@code limit} committed rows. */
  public List<Map.Entry<byte[], byte[]>> scan(
      byte @Nullable [] from, byte @Nullable [] to, int limit) {
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
    }
    for (Map.Entry<byte[], byte[]> e : dirty.range(from, to)) {
      if (e.getValue() == TOMBSTONE) {
        merged.remove(e.getKey());
      } else {
        merged.put(e.getKey(), e.getValue());
      }
    }
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>(merged.size());
    merged.forEach((k, v) -> out.add(new SimpleImmutableEntry<>(k, v)));
    return out;
  }

  /** Entries whose key starts with {@code keyPrefix}. */
  public List<Map.Entry<byte[], byte[]>> prefixScan(byte[] keyPrefix) {
    return scan(keyPrefix, Bytes.prefixEnd(keyPrefix));
  }

  /** Starts recording undo information for one record. */
  public void mark() {
    clearUndo();
  }

  private void clearUndo() {
    if (undo.size() > 64) {
      undo = new HashMap<>(); // clear() would keep walking a large table for every record
    } else if (!undo.isEmpty()) {
      undo.clear();
    }
  }

  /** Undoes the writes made since {@link #mark()}. */
  public void rollbackToMark() {
    for (Map.Entry<ByteKey, byte[]> e : undo.entrySet()) {
      if (e.getValue() == ABSENT) {
        dirty.remove(e.getKey().bytes);
      } else {
        dirty.put(e.getKey().bytes, e.getValue());
      }
    }
    clearUndo();
  }

  private static final byte[] ABSENT = new byte[0];

  private void remember(byte[] key) {
    ByteKey k = new ByteKey(key);
    if (!undo.containsKey(k)) {
      byte[] previous = dirty.get(k);
      undo.put(k, previous == null ? ABSENT : previous);
    }
  }

  public boolean isDirty() {
    return !dirty.isEmpty();
  }

  public int dirtyCount() {
    return dirty.size();
  }

  /** Sends every dirty key once (the last write wins within a transaction). */
  public void sendChangelog(ChangelogSink sink) {
    clearUndo();
    dirty.forEach((key, value) ->
        sink.send(changelog, key.bytes, value == TOMBSTONE ? null : value, this::acknowledged));
  }

  private void acknowledged(long offset) {
    lastSentOffset.accumulateAndGet(offset, Math::max);
  }

  /**
   * Adds the committed buffer and the new checkpoint to {@code batch} and clears the buffer.
   * Call only after the transaction (or offset commit) that carried the changelog succeeded.
   */
  public void commitTo(WriteBatch batch) {
    try {
      dirty.forEach((key, value) -> stage(batch, key, value));
      long sent = lastSentOffset.getAndSet(-1);
      if (sent >= 0) {
        batch.put(cf, checkpointKey, encodeCheckpoint(sent + 1));
      }
    } catch (RocksDBException e) {
      throw new StateException("Cannot stage commit of store " + name, e);
    }
    dirty.clear();
    clearUndo();
  }

  private void stage(WriteBatch batch, ByteKey key, byte[] value) {
    byte[] rowKey = Bytes.concat(prefix, key.bytes);
    try {
      if (value == TOMBSTONE) {
        batch.delete(cf, rowKey);
        cache.put(cacheTag, key, RowCache.ABSENT);
      } else {
        batch.put(cf, rowKey, value);
        cache.put(cacheTag, key, value);
      }
    } catch (RocksDBException e) {
      throw new StateException("Cannot stage commit of store " + name, e);
    }
  }

  /** Drops the uncommitted buffer (aborted transaction, lost task). */
  public void discard() {
    dirty.clear();
    clearUndo();
    lastSentOffset.set(-1);
  }

  /** Adds restored changelog records to {@code batch}, with {@code nextOffset} as checkpoint. */
  public void restoreTo(WriteBatch batch, List<byte[][]> records, long nextOffset) {
    cacheTag = RowCache.newTag(); // rows cached before are stale now
    try {
      for (byte[][] kv : records) {
        byte[] rowKey = Bytes.concat(prefix, kv[0]);
        if (kv[1] == null) {
          batch.delete(cf, rowKey);
        } else {
          batch.put(cf, rowKey, kv[1]);
        }
      }
      batch.put(cf, checkpointKey, encodeCheckpoint(nextOffset));
    } catch (RocksDBException e) {
      throw new StateException("Cannot stage restore of store " + name, e);
    }
  }

  /** Removes every local row of this task's store (before a full restore). */
  public void wipe(WriteBatch batch) {
    cacheTag = RowCache.newTag();
    try {
      batch.deleteRange(cf, prefix, Bytes.prefixEnd(prefix));
      batch.delete(cf, checkpointKey);
    } catch (RocksDBException e) {
      throw new StateException("Cannot wipe store " + name, e);
    }
  }

  /** The stored checkpoint, or null if this task has no committed local state. */
  public @Nullable Checkpoint checkpoint() {
    byte[] raw = env.get(cf, checkpointKey);
    if (raw == null) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    return new Checkpoint(buf.getLong(), buf.getLong());
  }

  private static byte[] encodeCheckpoint(long nextOffset) {
    return ByteBuffer.allocate(16).putLong(nextOffset).putLong(System.currentTimeMillis()).array();
  }

  /**
   * A committed position of a store.
   *
   * @param nextOffset next changelog offset to read on restore
   * @param writtenAtMillis when it was written (to detect state older than tombstone retention)
   */
  public record Checkpoint(long nextOffset, long writtenAtMillis) {}
}
