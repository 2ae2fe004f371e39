package dev.rivulet.internal.state;

import org.jspecify.annotations.Nullable;

/**
 * The byte budget of one worker's cached rows: committed rows of its stores that are clean (not
 * written in the open transaction) stay in their store's {@link RowTable} while the worker's
 * budget allows; beyond it the row cached longest ago is evicted (a row joins the cache when it
 * is read from RocksDB or when its write commits). It spares a RocksDB read (a JNI crossing and a
 * block lookup) for every key a task touches again, which is most of a keyed aggregation's reads.
 *
 * <p>Holds committed state only: rows written in the open transaction leave the cache until the
 * transaction ends, so an abort needs no invalidation, and the write set (bounded by the commit
 * interval) is never evicted. Absence is cached too. Confined to the worker thread.
 */
public final class RowCache {
  /** Approximate heap cost of a cached row besides key and value bytes. */
  static final int ENTRY_OVERHEAD = 96;

  private final long capacityBytes;
  private @Nullable Row eldest;
  private @Nullable Row newest;
  private long usedBytes;
  private long hits;
  private long misses;

  /** A cache of at most {@code capacityBytes}; 0 disables it. */
  public RowCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  boolean enabled() {
    return capacityBytes > 0;
  }

  void hit() {
    hits++;
  }

  void miss() {
    misses++;
  }

  /**
   * Caches a clean row whose committed value is known, or drops it from its table if the cache
   * is disabled or the row alone would take more than a quarter of the budget.
   */
  void admit(Row r) {
    int cost = ENTRY_OVERHEAD + r.key.length + r.committed.length;
    if (cost > capacityBytes / 4) {
      r.table.remove(r);
      return;
    }
    r.cost = cost;
    r.linked = true;
    r.older = newest;
    r.newer = null;
    if (newest == null) {
      eldest = r;
    } else {
      newest.newer = r;
    }
    newest = r;
    usedBytes += cost;
  }

  /** Takes a row out of the cache (it is about to be written, or its store is wiped). */
  void release(Row r) {
    if (!r.linked) {
      return;
    }
    if (r.older == null) {
      eldest = r.newer;
    } else {
      r.older.newer = r.newer;
    }
    if (r.newer == null) {
      newest = r.older;
    } else {
      r.newer.older = r.older;
    }
    r.older = null;
    r.newer = null;
    r.linked = false;
    usedBytes -= r.cost;
  }

  /** Evicts the rows cached longest ago until the cache is within its budget. */
  void trim() {
    while (usedBytes > capacityBytes && eldest != null) {
      Row r = eldest;
      release(r);
      r.table.remove(r);
    }
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
}
