package dev.rivulet.internal.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

/**
 * One store of one task: the task's rows of a RocksDB column family, mirrored to one changelog
 * partition, with the rows the worker touches held on the heap ({@link RowTable}: the open
 * transaction's writes and, within the worker's {@link RowCache} budget, committed values).
 *
 * <p>Writes of the open transaction stay on the heap (read-your-writes, merged into scans).
 * {@link #sendChangelog} sends what the changelog lacks; {@link #seal} then ends the transaction
 * on the heap: its writes become the rows' committed values, pinned in the table, and the
 * returned {@link SealedWrites} go to RocksDB, with the changelog offset they correspond to, only
 * after the Kafka commit succeeded (possibly while the worker already writes the next
 * transaction); {@link #sealedApplied} unpins them. RocksDB therefore only ever holds committed
 * state. {@link #discard} drops an aborted transaction and a sealed one that did not commit. A
 * record-level {@link #mark}/{@link #rollbackToMark} undoes the writes of one failed record.
 *
 * <p>Confined to the owning worker thread, except the offset callback.
 */
public final class TaskStore {
  private static final byte META = (byte) 0xFF;

  private final StateEnvironment env;
  private final ColumnFamilyHandle cf;
  private final String name;
  private final TopicPartition changelog;
  private final byte[] prefix;
  private final byte[] checkpointKey;
  private final LocalCopy copy;
  private final RowTable rows = new RowTable();
  private final WriteSet writes = new WriteSet();
  private final AtomicLong lastSentOffset = new AtomicLong(-1);
  private final LongConsumer onAcknowledged = this::acknowledged;
  private final RowCache cache;
  /** Rows of the sealed transaction until its writes are in RocksDB (or it is discarded). */
  private final List<Row> sealed = new ArrayList<>();
  private @Nullable TreeSet<Row> sealedOrder;
  /** The row of the last key array read or written: a read-modify-write hashes its key once. */
  private byte @Nullable [] lastKey;
  private @Nullable Row lastRow;

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
    this.copy = new LocalCopy(env, cf, name, prefix, checkpointKey);
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

  /** The value of a key (the open transaction's write first, then committed state), or null. */
  public byte @Nullable [] get(byte[] key) {
    Row r = lastRowOf(key);
    int hash = 0;
    if (r == null) {
      hash = RowTable.hash(key);
      r = rows.find(key, hash);
      if (r != null) {
        lastKey = key;
        lastRow = r;
      }
    }
    if (r != null && (r.pending != null || r.known())) {
      r.referenced = true;
      return r.visible();
    }
    cache.miss();
    byte[] committed = env.get(cf, Bytes.concat(prefix, key));
    if (r != null) {
      r.committed = committed == null ? Row.ABSENT : committed; // undone write: row in write set
    } else if (cache.enabled()) {
      r = rows.add(key, hash);
      r.committed = committed == null ? Row.ABSENT : committed;
      cache.admit(r);
      cache.trim(); // never the row just admitted: a row is at most a quarter of the budget
      lastKey = key;
      lastRow = r;
    }
    return committed;
  }

  /** The row of {@code key} if it is the last key array this store saw and still in the table. */
  private @Nullable Row lastRowOf(byte[] key) {
    Row r = lastRow;
    return key == lastKey && r != null && !r.removed ? r : null;
  }

  public void put(byte[] key, byte[] value) {
    writes.write(rowForWrite(key), value);
  }

  public void delete(byte[] key) {
    writes.write(rowForWrite(key), Row.TOMBSTONE);
  }

  private Row rowForWrite(byte[] key) {
    Row r = lastRowOf(key);
    if (r == null) {
      int hash = RowTable.hash(key);
      r = rows.find(key, hash);
      if (r == null) {
        r = rows.add(key, hash);
      }
      lastKey = key;
      lastRow = r;
    }
    r.referenced = true; // a cached row stays linked: the write leaves its committed value alone
    return r;
  }

  /** Entries with {@code from <= key < to} (null = open) in key order, uncommitted writes merged. */
  public List<Map.Entry<byte[], byte[]>> scan(byte @Nullable [] from, byte @Nullable [] to) {
    return scan(from, to, Integer.MAX_VALUE);
  }

  /** Like {@link #scan(byte[], byte[])} reading at most {@code limit} committed rows. */
  public List<Map.Entry<byte[], byte[]>> scan(
      byte @Nullable [] from, byte @Nullable [] to, int limit) {
    return StoreScan.merge(env, cf, prefix, from, to, limit, this::sealedSlice, writes::range);
  }

  private Collection<Row> sealedSlice(byte @Nullable [] from, byte @Nullable [] to) {
    if (sealed.isEmpty()) {
      return List.of();
    }
    if (sealedOrder == null) {
      sealedOrder = new TreeSet<>(WriteSet.KEY_ORDER);
      sealedOrder.addAll(sealed);
    }
    return WriteSet.slice(sealedOrder, from, to);
  }

  /** Entries whose key starts with {@code keyPrefix}. */
  public List<Map.Entry<byte[], byte[]>> prefixScan(byte[] keyPrefix) {
    return scan(keyPrefix, Bytes.prefixEnd(keyPrefix));
  }

  /** Starts recording undo information for one record. */
  public void mark() {
    writes.mark();
  }

  /** Undoes the writes made since {@link #mark()}. */
  public void rollbackToMark() {
    writes.rollback();
  }

  public int dirtyCount() {
    return writes.dirtyCount();
  }

  /**
   * Sends the keys first written since the last call, between records (no rollback can undo
   * them): the changelog then travels during the interval instead of all at the commit. Keys
   * written again later are sent once more by {@link #sendChangelog}.
   */
  public void sendNewWrites(ChangelogSink sink) {
    writes.mark();
    send(sink, writes.takeNew());
  }

  /** Sends every key whose last write the changelog lacks; the commit needs nothing else. */
  public void sendChangelog(ChangelogSink sink) {
    writes.mark();
    send(sink, writes.takeUnsent());
  }

  private void send(ChangelogSink sink, List<Row> rows) {
    int last = rows.size() - 1;
    for (int i = 0; i <= last; i++) {
      Row r = rows.get(i);
      sink.send(changelog, r.key, r.pending == Row.TOMBSTONE ? null : r.pending,
          i == last ? onAcknowledged : null);
    }
  }

  private void acknowledged(long offset) {
    lastSentOffset.accumulateAndGet(offset, Math::max);
  }

  /**
   * Seals the open transaction's writes: they become the rows' committed values on the heap, and
   * stay pinned in the table (never evicted, so never read from RocksDB) until
   * {@link #sealedApplied} or {@link #discard}. The returned writes go to RocksDB only after the
   * Kafka commit that carried their changelog succeeded, possibly on another thread, while the
   * worker goes on writing the next transaction. Call after {@link #sendChangelog}; at most one
   * transaction is sealed at a time.
   */
  public SealedWrites seal() {
    if (!sealed.isEmpty()) {
      throw new IllegalStateException("Store " + name + " already has a sealed transaction");
    }
    SealedWrites out = new SealedWrites(name, cf, prefix, checkpointKey, lastSentOffset,
        writes.size());
    writes.end(r -> {
      if (r.pending != null) {
        out.add(r.key, r.pending == Row.TOMBSTONE ? null : r.pending);
        r.committed = r.pending == Row.TOMBSTONE ? Row.ABSENT : r.pending;
        r.pending = null;
        r.sealed = true;
        sealed.add(r);
      }
      settle(r);
    });
    cache.trim();
    return out;
  }

  /** The sealed writes are in RocksDB now: their rows follow the cache budget again. */
  public void sealedApplied() {
    for (Row r : sealed) {
      r.sealed = false;
      if (!r.removed && !r.linked && !r.inWriteSet) {
        rows.remove(r); // evicted while pinned
      }
    }
    sealed.clear();
    sealedOrder = null;
  }

  /**
   * Seals and stages into {@code batch} at once (single-threaded callers: the test driver and
   * benchmarks); the caller writes the batch before reading again.
   */
  public void commitTo(WriteBatch batch) {
    seal().stageInto(batch);
    sealedApplied();
  }

  /** A row leaving the write set stays in (or joins) the cache if its committed value is known. */
  private void settle(Row r) {
    if (r.linked) {
      cache.resize(r);
    } else if (r.known()) {
      cache.admit(r);
    } else {
      rows.remove(r);
    }
  }

  /**
   * Drops the open transaction's writes and a sealed transaction not yet applied (aborted
   * transaction, lost task). Never call while a successful commit of the sealed writes may still
   * be on its way to RocksDB.
   */
  public void discard() {
    writes.end(r -> {
      r.pending = null;
      settle(r);
    });
    // a sealed transaction that did not commit: its values on the heap are not committed state
    for (Row r : sealed) {
      r.sealed = false;
      cache.release(r);
      rows.remove(r);
    }
    sealed.clear();
    sealedOrder = null;
    lastSentOffset.set(-1);
    cache.trim();
  }

  /**
   * The task is closed: drops its uncommitted work and gives its cached rows' bytes back to the
   * worker's cache (the rows stay in RocksDB with their checkpoint, for the task's return).
   */
  public void close() {
    forgetRows();
  }

  /** Forgets every row held on the heap: RocksDB is about to change behind the store's back. */
  private void forgetRows() {
    discard();
    rows.clear(cache::release);
  }

  /**
   * Applies changelog records below {@code endOffset} to RocksDB in one write, with
   * {@code nextOffset} as the store's checkpoint; rows held on the heap are forgotten first (they
   * are stale now). Returns how many records were applied.
   */
  public int applyChangelog(Iterable<ConsumerRecord<byte[], byte[]>> records, long endOffset,
      long nextOffset) {
    forgetRows();
    return copy.apply(records, endOffset, nextOffset);
  }

  /** Adds restored changelog records to {@code batch}, with {@code nextOffset} as checkpoint. */
  public void restoreTo(WriteBatch batch, List<byte[][]> records, long nextOffset) {
    forgetRows();
    copy.stage(batch, records, nextOffset);
  }

  /** Removes every local row of this task's store (before a full restore). */
  public void wipe(WriteBatch batch) {
    forgetRows();
    copy.wipe(batch);
  }

  /**
   * The stored checkpoint, or null if this task has no committed local state. A checkpoint that
   * does not parse reads as offset -1: outside every changelog, so the store restores in full.
   */
  public @Nullable Checkpoint checkpoint() {
    return copy.checkpoint();
  }

  /**
   * A committed position of a store.
   *
   * @param nextOffset next changelog offset to read on restore
   * @param writtenAtMillis when it was written (to detect state older than tombstone retention)
   */
  public record Checkpoint(long nextOffset, long writtenAtMillis) {}
}
