package dev.rivulet.internal.state;

import org.jspecify.annotations.Nullable;

/**
 * One key of one store as its worker sees it: the committed value when known (cached; or the
 * sealed transaction's write while its commit is under way) and the open transaction's write. A row lives in its store's {@link RowTable}; once its committed value
 * is known it is also linked into the worker's {@link RowCache}, which may evict it unless the
 * open transaction wrote it. Confined to the worker thread.
 */
final class Row {
  /** Committed value of a row known to be absent (compared by identity). */
  static final byte[] ABSENT = new byte[0];
  /** Pending delete (compared by identity). */
  static final byte[] TOMBSTONE = new byte[0];

  final byte[] key;
  final int hash;
  /** The table holding the row (null for a search bound). */
  final @Nullable RowTable table;
  /** Committed value, {@link #ABSENT}, or null if not known. */
  byte @Nullable [] committed;
  /** The open transaction's value, {@link #TOMBSTONE}, or null if not written. */
  byte @Nullable [] pending;
  /** Whether the row is in its store's {@link WriteSet}. */
  boolean inWriteSet;
  /**
   * Whether {@link #committed} is a sealed transaction's write not yet in RocksDB: the row must
   * stay in its table (a read from RocksDB would miss the write) until the write is applied.
   */
  boolean sealed;
  /** Whether the open transaction's changelog already holds {@link #pending}. */
  boolean sent;
  /** Whether the row has left its table (evicted, committed away, wiped): a stale reference. */
  boolean removed;
  /** The write set's record epoch whose undo entry holds this row's previous write. */
  long undoEpoch = -1;
  // RowCache links and cost, valid while linked
  @Nullable Row older;
  @Nullable Row newer;
  boolean linked;
  /** Read or written since the cache's clock hand last passed the row. */
  boolean referenced;
  int cost;

  Row(byte[] key, int hash, @Nullable RowTable table) {
    this.key = key;
    this.hash = hash;
    this.table = table;
  }

  /** A row that only bounds a range search. */
  static Row bound(byte[] key) {
    return new Row(key, 0, null);
  }

  boolean known() {
    return committed != null;
  }

  /** The value a read sees: the pending write, else the committed value (null if absent). */
  byte @Nullable [] visible() {
    byte[] v = pending != null ? pending : committed;
    return v == TOMBSTONE || v == ABSENT ? null : v;
  }
}
