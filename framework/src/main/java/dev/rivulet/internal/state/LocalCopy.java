package dev.rivulet.internal.state;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A task store's rows in RocksDB seen as a copy of its changelog partition: changelog records
 * applied with the offset to go on from (the checkpoint), a wipe before a full restore, and the
 * checkpoint read back. Restores of active tasks and standby replicas both go through it. The
 * owning {@link TaskStore} forgets its heap rows before each of these.
 */
final class LocalCopy {
  private final StateEnvironment env;
  private final ColumnFamilyHandle cf;
  private final String name;
  private final byte[] prefix;
  private final byte[] checkpointKey;

  LocalCopy(StateEnvironment env, ColumnFamilyHandle cf, String name, byte[] prefix,
      byte[] checkpointKey) {
    this.env = env;
    this.cf = cf;
    this.name = name;
    this.prefix = prefix;
    this.checkpointKey = checkpointKey;
  }

  /** Applies the records below {@code endOffset} and the checkpoint in one RocksDB write. */
  int apply(Iterable<ConsumerRecord<byte[], byte[]>> records, long endOffset, long nextOffset) {
    int applied = 0;
    try (WriteBatch batch = new WriteBatch()) {
      for (ConsumerRecord<byte[], byte[]> r : records) {
        if (r.offset() < endOffset) {
          stage(batch, r.key(), r.value());
          applied++;
        }
      }
      batch.put(cf, checkpointKey, SealedWrites.encodeCheckpoint(nextOffset));
      env.write(batch, false);
    } catch (RocksDBException e) {
      throw new StateException("Cannot stage restore of store " + name, e);
    }
    return applied;
  }

  /** Adds {@code records} ({key, value or null}) and the checkpoint to {@code batch}. */
  void stage(WriteBatch batch, List<byte[][]> records, long nextOffset) {
    try {
      for (byte[][] kv : records) {
        stage(batch, kv[0], kv[1]);
      }
      batch.put(cf, checkpointKey, SealedWrites.encodeCheckpoint(nextOffset));
    } catch (RocksDBException e) {
      throw new StateException("Cannot stage restore of store " + name, e);
    }
  }

  private void stage(WriteBatch batch, byte[] key, byte @Nullable [] value)
      throws RocksDBException {
    byte[] rowKey = Bytes.concat(prefix, key);
    if (value == null) {
      batch.delete(cf, rowKey);
    } else {
      batch.put(cf, rowKey, value);
    }
  }

  void wipe(WriteBatch batch) {
    try {
      batch.deleteRange(cf, prefix, Bytes.prefixEnd(prefix));
      batch.delete(cf, checkpointKey);
    } catch (RocksDBException e) {
      throw new StateException("Cannot wipe store " + name, e);
    }
  }

  TaskStore.@Nullable Checkpoint checkpoint() {
    byte[] raw = env.get(cf, checkpointKey);
    if (raw == null) {
      return null;
    }
    if (raw.length != 16) {
      return new TaskStore.Checkpoint(-1, 0); // no changelog holds offset -1
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    return new TaskStore.Checkpoint(buf.getLong(), buf.getLong());
  }
}
