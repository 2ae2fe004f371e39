package dev.rivulet.internal.state;

import dev.rivulet.api.RivuletConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The instance's local state: <b>one RocksDB per instance</b>, one column family per store, keys
 * prefixed by the task's partition. Why one database rather than one per task: at 500+
 * partitions per-task databases multiply WALs, manifests, memtables, open files and background
 * flushes (Kafka Streams' known pain at that scale), while one database keeps a single WAL and one
 * memtable per store whatever the partition count; the shared {@link LRUCache} and
 * {@link WriteBufferManager} bound memory by configuration. A revoked task's rows stay (with their
 * checkpoint) so that a task coming back only replays the changelog tail.
 *
 * <p>Each store's checkpoint (changelog offset per partition) lives in the store's own column
 * family, written in the same {@link WriteBatch} as the data, so every column family is on its
 * own a consistent committed state even when flushed independently.
 *
 * <p>Thread-safe (RocksDB is); one instance per state directory, guarded by a file lock.
 */
public final class StateEnvironment implements AutoCloseable {
  private final Path dir;
  private static final byte[] KEY_SPACE_END = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
      (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
  private final StateDirectory directory;
  private final LRUCache cache;
  private final WriteBufferManager writeBufferManager;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> families = new HashMap<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final WriteOptions walWrites;
  private final WriteOptions noWalWrites;
  private final ReadOptions readOptions;

  /**
   * Opens (or creates) the state directory with every store id in {@code storeIds}.
   *
   * @throws RivuletConfigException if another process holds the directory, or it cannot be used
   *     (read-only, full: the message says which and names {@code rivulet.state-dir}); a failed
   *     open releases what it took, the lock included
   */
  public StateEnvironment(
      Path dir, List<String> storeIds, long blockCacheBytes, long writeBufferBytes) {
    this.dir = dir;
    directory = StateDirectory.lock(dir);
    try {
      RocksDbLibrary.load(dir); // under the lock: no other instance writes its copy meanwhile
      walWrites = new WriteOptions();
      noWalWrites = new WriteOptions().setDisableWAL(true);
      readOptions = new ReadOptions();
      // a tenth of the cache is kept for index and filter blocks (high priority, see below)
      cache = new LRUCache(blockCacheBytes, -1, false, 0.1);
      writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
      dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
          .setWriteBufferManager(writeBufferManager).setMaxBackgroundJobs(2)
          .setMaxOpenFiles(512).setKeepLogFileNum(2);
      cfOptions = new ColumnFamilyOptions()
          .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
              .setFilterPolicy(new BloomFilter(10, false)).setCacheIndexAndFilterBlocks(true)
              // Index and filters in small partitions, each cached on its own, the top level
              // pinned: with one filter block per SST file (megabytes once a store holds a
              // million keys) the sharded cache evicted whole filters and every get read one
              // back from the file and checksummed it (1M keys: 19k records/s, 47 CPU-s per
              // million records; partitioned: 98k and 12.2; benchmarks/RESULTS.md session 17)
              .setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true)
              .setMetadataBlockSize(4096).setPinTopLevelIndexAndFilter(true)
              .setCacheIndexAndFilterBlocksWithHighPriority(true)
              .setPinL0FilterAndIndexBlocksInCache(true))
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          // reads of keys not yet written (every first touch of a key) skip the memtable search
          .setMemtablePrefixBloomSizeRatio(0.1).setMemtableWholeKeyFiltering(true)
          .setWriteBufferSize(Math.max(1L << 20, writeBufferBytes / 4));
      db = openTrusted(storeIds);
    } catch (RuntimeException | Error e) {
      releaseAfterFailedOpen(); // or a retry in this JVM would find the directory "in use"
      throw e;
    }
  }

  /**
   * Frees what a failed constructor created, the lock last; fields it did not reach are still
   * null.
   */
  private void releaseAfterFailedOpen() {
    for (RocksObject created : new RocksObject[] {walWrites, noWalWrites, readOptions, cfOptions,
        dbOptions, writeBufferManager, cache}) {
      if (created != null) {
        created.close();
      }
    }
    directory.release();
  }

  /**
   * Opens the RocksDB, wiping it first if a running instance found it corrupt, or when opening
   * finds it corrupt ({@link CorruptState}); every store then restores from its changelog.
   */
  private RocksDB openTrusted(List<String> storeIds) {
    if (CorruptState.marked(dir)) {
      CorruptState.wipe(dir, "found corrupt while running");
    }
    try {
      return open(storeIds);
    } catch (RocksDBException e) {
      if (!CorruptState.isCorruption(e)) {
        throw StateDirectory.cannotUse(dir, "Cannot open RocksDB in " + dir, e);
      }
      families.clear();
      handles.clear();
      CorruptState.wipe(dir, e.getMessage());
      try {
        return open(storeIds);
      } catch (RocksDBException again) {
        throw new RivuletConfigException("Cannot open RocksDB in " + dir + " even after wiping "
            + "it: " + again.getMessage(), again);
      }
    } catch (UncheckedIOException e) {
      throw StateDirectory.cannotUse(dir, String.valueOf(e.getMessage()), e.getCause());
    }
  }

  private RocksDB open(List<String> storeIds) throws RocksDBException {
    List<String> names = new ArrayList<>();
    names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8));
    try (org.rocksdb.Options listOptions = new org.rocksdb.Options()) {
      Path dbDir = dir.resolve("rocksdb");
      if (Files.exists(dbDir.resolve("CURRENT"))) {
        for (byte[] existing : RocksDB.listColumnFamilies(listOptions, dbDir.toString())) {
          String name = new String(existing, StandardCharsets.UTF_8);
          if (!names.contains(name)) {
            names.add(name);
          }
        }
      }
      for (String id : storeIds) {
        if (!names.contains(id)) {
          names.add(id);
        }
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
      }
      Files.createDirectories(dbDir);
      RocksDB opened = RocksDB.open(dbOptions, dbDir.toString(), descriptors, handles);
      for (int i = 0; i < names.size(); i++) {
        families.put(names.get(i), handles.get(i));
      }
      return opened;
    } catch (IOException e) {
      throw StateDirectory.cannotUse(dir, "Cannot open RocksDB in " + dir, e);
    }
  }

  /**
   * A stable id of this state directory, reused across restarts; part of the transactional ids so
   * that a restarted instance aborts the open transaction its previous run left behind.
   */
  public String instanceId() {
    return directory.instanceId();
  }

  /** The column family of a store id ({@code processor/store}). */
  public ColumnFamilyHandle family(String storeId) {
    ColumnFamilyHandle handle = families.get(storeId);
    if (handle == null) {
      throw new IllegalStateException("Unknown store " + storeId);
    }
    return handle;
  }

  public byte[] get(ColumnFamilyHandle cf, byte[] key) {
    try {
      return db.get(cf, readOptions, key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /**
   * A new iterator; the caller closes it and, once it stops being valid, calls
   * {@link #checkStopped}: an iterator that meets a damaged block or an I/O error just stops.
   */
  public RocksIterator iterator(ColumnFamilyHandle cf) {
    return db.newIterator(cf, readOptions);
  }

  /**
   * Whether an iterator that is no longer valid reached the end of its data, or stopped on an
   * error: corruption marks the directory like a failed point read; either throws.
   *
   * @throws StateException if the iterator stopped on an error
   */
  public void checkStopped(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  /** Applies a committed batch; {@code wal=false} only for restore batches (flushed after). */
  public void write(WriteBatch batch, boolean wal) {
    try {
      db.write(wal ? walWrites : noWalWrites, batch);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  /** A failure of RocksDB; corruption also marks the directory to be wiped on the next start. */
  private StateException failure(String what, RocksDBException e) {
    if (CorruptState.isCorruption(e)) {
      CorruptState.mark(dir, e);
      return new StateException("RocksDB " + what + " failed: the local state in " + dir
          + " is corrupt; this instance stops and wipes it on its next start, then restores it "
          + "from the changelogs", e);
    }
    if (DiskFull.isDiskFull(e)) {
      return new StateException("RocksDB " + what + " failed: " + DiskFull.advice(dir) + ". This "
          + "instance stops; its next start recovers the local state from RocksDB's log and the "
          + "changelogs", e);
    }
    return new StateException("RocksDB " + what + " failed in " + dir + ": " + e.getMessage(), e);
  }

  /** Flushes memtables of the given stores (after a restore written without WAL). */
  public void flush(List<ColumnFamilyHandle> cfs) {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options, cfs);
    } catch (RocksDBException e) {
      throw failure("flush", e);
    }
  }

  /** Approximate bytes of live data in a store (RocksDB's estimate). */
  public long estimatedBytes(ColumnFamilyHandle cf) {
    // the data of this store, in files and memtables, over its whole key space (keys start with
    // a partition or the META byte, all below 0xFF..): the memtable size properties would count
    // each store's arena (the same ~2 MiB for a store with one row), not its data
    try (Slice start = new Slice(new byte[0]); Slice limit = new Slice(KEY_SPACE_END)) {
      return db.getApproximateSizes(cf, List.of(new Range(start, limit)),
          SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, handles);
      } catch (RocksDBException e) {
        // closing anyway: the WAL still holds what the flush did not write
      }
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      walWrites.close();
      noWalWrites.close();
      readOptions.close();
      cfOptions.close();
      dbOptions.close();
      writeBufferManager.close();
      cache.close();
    } finally {
      directory.release();
    }
  }
}
