package dev.rivulet.internal.state;

import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskStore} seen through its TTL: with a TTL every stored value is
 * {@code [expiresAt:8][payload]} (the changelog carries the same bytes, so a restore keeps the
 * expiry), expired entries read as absent, and {@link #sweep} turns up to a bounded number of
 * expired entries per call into deletes, whose tombstones reach the changelog at the next commit.
 * Without a TTL values are stored as they are.
 */
public final class TtlStore {
  private final TaskStore store;
  private final long ttlMillis;
  private final LongSupplier clock;
  private byte @Nullable [] sweepCursor;

  public TtlStore(TaskStore store, long ttlMillis, LongSupplier clock) {
    this.store = store;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  public TaskStore raw() {
    return store;
  }

  public byte @Nullable [] get(byte[] key) {
    return unwrap(store.get(key));
  }

  public void put(byte[] key, byte[] payload) {
    if (ttlMillis <= 0) {
      store.put(key, payload);
    } else {
      long expiresAt = clock.getAsLong() + ttlMillis;
      store.put(key, ByteBuffer.allocate(8 + payload.length).putLong(expiresAt).put(payload).array());
    }
  }

  public void delete(byte[] key) {
    store.delete(key);
  }

  public List<Map.Entry<byte[], byte[]>> scan(byte @Nullable [] from, byte @Nullable [] to) {
    return live(store.scan(from, to));
  }

  /** Like {@link #scan(byte[], byte[])}, reading at most {@code limit} stored rows. */
  public List<Map.Entry<byte[], byte[]>> scan(byte @Nullable [] from, byte @Nullable [] to,
      int limit) {
    return live(store.scan(from, to, limit));
  }

  public List<Map.Entry<byte[], byte[]>> prefixScan(byte[] prefix) {
    return live(store.prefixScan(prefix));
  }

  private List<Map.Entry<byte[], byte[]>> live(List<Map.Entry<byte[], byte[]>> entries) {
    if (ttlMillis <= 0) {
      return entries;
    }
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>(entries.size());
    for (Map.Entry<byte[], byte[]> e : entries) {
      byte[] payload = unwrap(e.getValue());
      if (payload != null) {
        out.add(new SimpleImmutableEntry<>(e.getKey(), payload));
      }
    }
    return out;
  }

  private byte @Nullable [] unwrap(byte @Nullable [] stored) {
    if (stored == null || ttlMillis <= 0) {
      return stored;
    }
    long expiresAt = ByteBuffer.wrap(stored, 0, 8).getLong();
    return expiresAt <= clock.getAsLong() ? null : Arrays.copyOfRange(stored, 8, stored.length);
  }

  /**
   * Deletes expired entries, examining at most {@code budget} entries from where the last sweep
   * stopped (wrapping around). Returns how many were deleted.
   */
  public int sweep(int budget) {
    if (ttlMillis <= 0) {
      return 0;
    }
    long now = clock.getAsLong();
    List<Map.Entry<byte[], byte[]>> batch = store.scan(sweepCursor, null, budget + 1);
    int examined = 0;
    int deleted = 0;
    for (Map.Entry<byte[], byte[]> e : batch) {
      if (examined++ >= budget) {
        sweepCursor = e.getKey();
        return deleted;
      }
      if (ByteBuffer.wrap(e.getValue(), 0, 8).getLong() <= now) {
        store.delete(e.getKey());
        deleted++;
      }
    }
    sweepCursor = null;
    return deleted;
  }
}
