package dev.rivulet.internal.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Committed rows recently read or written by one worker's stores, bounded in bytes, the oldest
 * cached row evicted first (insertion order: a hit costs one hash lookup and no relinking; a hot
 * row that was evicted comes back on its next read). It spares a RocksDB read (a JNI crossing and a block lookup) for every
 * key a task touches again, which is most of a keyed aggregation's reads.
 *
 * <p>Holds committed state only: stores add rows after a successful commit or a read of RocksDB,
 * never uncommitted writes, so an abort needs no invalidation. Absence is cached too. Each store
 * incarnation has its own tag; a store that is wiped or restored takes a new tag, so rows of a
 * previous incarnation are never read again and simply age out. Confined to the worker thread.
 */
public final class RowCache {
  /** Approximate heap cost of one entry besides key and value bytes. */
  private static final int ENTRY_OVERHEAD = 112;
  private static final AtomicInteger TAGS = new AtomicInteger();
  /** The cached value of a row known to be absent (compared by identity). */
  static final byte[] ABSENT = new byte[0];

  private final long capacityBytes;
  private final LinkedHashMap<Key, byte[]> rows = new LinkedHashMap<>(1024, 0.75f, false);
  private long usedBytes;
  private long hits;
  private long misses;

  /** A cache of at most {@code capacityBytes}; 0 disables it. */
  public RowCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  static int newTag() {
    return TAGS.incrementAndGet();
  }

  /** The cached value (possibly {@link #ABSENT}), or null if the row is not cached. */
  byte @Nullable [] get(int tag, ByteKey key) {
    if (capacityBytes == 0) {
      return null;
    }
    byte[] v = rows.get(new Key(tag, key));
    if (v == null) {
      misses++;
    } else {
      hits++;
    }
    return v;
  }

  /** Caches a committed row; {@code value} is the committed value or {@link #ABSENT}. */
  void put(int tag, ByteKey key, byte[] value) {
    if (capacityBytes == 0) {
      return;
    }
    long cost = cost(key.bytes, value);
    if (cost > capacityBytes / 4) {
      rows.remove(new Key(tag, key)); // too large to be worth it; never keep a stale copy
      return;
    }
    byte[] previous = rows.put(new Key(tag, key), value);
    usedBytes += cost - (previous == null ? 0 : cost(key.bytes, previous));
    Iterator<Map.Entry<Key, byte[]>> eldest = rows.entrySet().iterator();
    while (usedBytes > capacityBytes && eldest.hasNext()) {
      Map.Entry<Key, byte[]> e = eldest.next();
      usedBytes -= cost(e.getKey().key.bytes, e.getValue());
      eldest.remove();
    }
  }

  private static long cost(byte[] key, byte[] value) {
    return ENTRY_OVERHEAD + key.length + value.length;
  }

  public long usedBytes() {
    return usedBytes;
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  private static final class Key {
    final int tag;
    final ByteKey key;
    final int hash;

    Key(int tag, ByteKey key) {
      this.tag = tag;
      this.key = key;
      this.hash = 31 * tag + key.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.tag == tag && k.key.equals(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
