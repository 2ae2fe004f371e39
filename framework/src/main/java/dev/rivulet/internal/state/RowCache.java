package dev.rivulet.internal.state;

import org.jspecify.annotations.Nullable;

/**
 * The byte budget of one worker's cached rows: rows of its stores whose committed value is known
 * stay in their store's {@link RowTable} while the worker's budget allows; beyond it rows are
 * evicted in CLOCK order (a row joins the cache when it is read
 * from RocksDB or when its first write commits; a row read or written since the clock hand last
 * passed it gets a second chance). It spares a RocksDB read (a JNI crossing and a block lookup)
 * for every key a task touches again, which is most of a keyed aggregation's reads.
 *
 * <p>A cached row stays linked while the open transaction writes it: its committed value is not
 * touched until the commit, so an abort needs no invalidation, and a write costs no list update
 * (relinking a hot row on every write dirtied three rows' cards for the garbage collector's
 * refinement threads). The clock hand never evicts a row of the open write set; it passes it on.
 * Absence is cached too. Confined to the worker thread.
 */
public final class RowCache {
  /** Approximate heap cost of a cached row besides key and value bytes. */
  static final int ENTRY_OVERHEAD = 96;

  private final long capacityBytes;
  private @Nullable Row eldest;
  private @Nullable Row newest;
  private long usedBytes;
  private long linkedRows;
  private long misses;

  /** A cache of at most {@code capacityBytes}; 0 disables it. */
  public RowCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  boolean enabled() {
    return capacityBytes > 0;
  }

  void miss() {
    misses++;
  }

  /**
   * Caches a clean row whose committed value is known, or drops it from its table if the cache
   * is disabled or the row alone would take more than a quarter of the budget.
   */
  void admit(Row r) {
    int cost = costOf(r);
    if (cost > capacityBytes / 4) {
      dropUnlessPinned(r);
      return;
    }
    r.cost = cost;
    r.referenced = false;
    link(r);
    usedBytes += cost;
    linkedRows++;
  }

  /** Re-costs a linked row whose committed value changed (its write committed). */
  void resize(Row r) {
    int cost = costOf(r);
    if (cost > capacityBytes / 4) {
      release(r);
      dropUnlessPinned(r);
      return;
    }
    usedBytes += cost - r.cost;
    r.cost = cost;
  }

  private static int costOf(Row r) {
    return ENTRY_OVERHEAD + r.key.length + r.committed.length;
  }

  private void link(Row r) {
    r.linked = true;
    r.older = newest;
    r.newer = null;
    if (newest == null) {
      eldest = r;
    } else {
      newest.newer = r;
    }
    newest = r;
  }

  /** Takes a row out of the cache (evicted, grown too large, or its store is wiped). */
  void release(Row r) {
    if (!r.linked) {
      return;
    }
    unlink(r);
    usedBytes -= r.cost;
    linkedRows--;
  }

  private void unlink(Row r) {
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
  }

  /**
   * Evicts rows until the cache is within its budget. The hand starts at the row linked longest
   * ago; a row referenced since the hand last passed it, or written in the open transaction, moves
   * to the newest end instead (at most once per row and call). A written row the hand reaches
   * again is only unlinked: it stays in its table for the write set and rejoins at the commit; so
   * does a row of the sealed transaction until its write is in RocksDB.
   */
  void trim() {
    long chances = linkedRows;
    while (usedBytes > capacityBytes && eldest != null) {
      Row r = eldest;
      if ((r.referenced || r.inWriteSet) && chances-- > 0) {
        r.referenced = false;
        unlink(r);
        link(r);
      } else {
        release(r);
        dropUnlessPinned(r);
      }
    }
  }

  /** Removes an uncached row from its table unless the open or the sealed transaction wrote it. */
  private static void dropUnlessPinned(Row r) {
    if (!r.inWriteSet && !r.sealed) {
      r.table.remove(r);
    }
  }

  public long usedBytes() {
    return usedBytes;
  }

  public long misses() {
    return misses;
  }
}
