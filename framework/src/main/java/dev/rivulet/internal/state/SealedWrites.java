package dev.rivulet.internal.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of one store's sealed transaction, as RocksDB will receive them once the Kafka
 * commit that carried their changelog succeeded: keys and values (null = delete), and the
 * checkpoint taken when they are staged. Immutable once sealed, so the commit thread may stage
 * them while the worker goes on with the next transaction.
 */
public final class SealedWrites {
  private final String store;
  private final ColumnFamilyHandle cf;
  private final byte[] checkpointKey;
  private final AtomicLong lastSentOffset;
  private final byte[] prefix;
  private final List<byte[]> keys;
  private final List<byte @Nullable []> values;

  /**
   * @param prefix what precedes each key in RocksDB (the task's partition); joined to the keys
   *     when staging, on the commit thread
   * @param expected rows about to be added
   */
  SealedWrites(String store, ColumnFamilyHandle cf, byte[] prefix, byte[] checkpointKey,
      AtomicLong lastSentOffset, int expected) {
    this.store = store;
    this.cf = cf;
    this.prefix = prefix;
    this.checkpointKey = checkpointKey;
    this.lastSentOffset = lastSentOffset;
    this.keys = new ArrayList<>(expected);
    this.values = new ArrayList<>(expected);
  }

  /** Adds a write of {@code key} (immutable, without the prefix); {@code value} null deletes. */
  void add(byte[] key, byte @Nullable [] value) {
    keys.add(key);
    values.add(value);
  }

  /** Number of rows written (deletes included). */
  public int size() {
    return keys.size();
  }

  /**
   * Adds the writes and the checkpoint (one past the store's last acknowledged changelog send) to
   * {@code batch}. Call once, after the commit succeeded and before the store sends again: the
   * checkpoint must only cover this transaction's changelog records.
   */
  public void stageInto(WriteBatch batch) {
    try {
      long sent = lastSentOffset.getAndSet(-1);
      if (sent >= 0) {
        batch.put(cf, checkpointKey, encodeCheckpoint(sent + 1));
      }
      for (int i = 0; i < keys.size(); i++) {
        byte[] rowKey = Bytes.concat(prefix, keys.get(i));
        byte[] value = values.get(i);
        if (value == null) {
          batch.delete(cf, rowKey);
        } else {
          batch.put(cf, rowKey, value);
        }
      }
    } catch (RocksDBException e) {
      throw new StateException("Cannot stage commit of store " + store, e);
    }
  }

  static byte[] encodeCheckpoint(long nextOffset) {
    return ByteBuffer.allocate(16).putLong(nextOffset).putLong(System.currentTimeMillis()).array();
  }
}
