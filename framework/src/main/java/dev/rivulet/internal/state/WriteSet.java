package dev.rivulet.internal.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The rows one store wrote in the open transaction, in first-write order, with a record-level
 * undo log and which writes the changelog already holds. The key order is built only when the
 * store is scanned, from the rows added since the last scan, so stores that are never scanned
 * (most value and count stores) never pay for it. Confined to the worker thread.
 */
final class WriteSet {
  static final Comparator<Row> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

  private final List<Row> rows = new ArrayList<>();
  private final List<Row> toSend = new ArrayList<>();
  /** Rows before this index were offered to {@link #takeNew} already. */
  private int offered;
  private final TreeSet<Row> order = new TreeSet<>(KEY_ORDER);
  private int ordered;
  private int dirty;
  // undo log of the current record: each row's pending value before its first write
  private long epoch;
  private Row[] undoRows = new Row[8];
  private byte[][] undoValues = new byte[8][];
  private int undoSize;

  /** Writes {@code value} (or {@link Row#TOMBSTONE}) to {@code r} in the open transaction. */
  void write(Row r, byte[] value) {
    if (r.undoEpoch != epoch) {
      r.undoEpoch = epoch;
      remember(r);
    }
    setPending(r, value);
    if (!r.inWriteSet) {
      r.inWriteSet = true;
      rows.add(r);
    }
  }

  private void remember(Row r) {
    if (undoSize == undoRows.length) {
      undoRows = Arrays.copyOf(undoRows, undoSize * 2);
      undoValues = Arrays.copyOf(undoValues, undoSize * 2);
    }
    undoRows[undoSize] = r;
    undoValues[undoSize++] = r.pending;
  }

  private void setPending(Row r, byte @Nullable [] value) {
    if (r.pending == null && value != null) {
      dirty++;
    } else if (r.pending != null && value == null) {
      dirty--;
    }
    r.pending = value;
    r.sent = false;
  }

  /** Starts a new record: the undo log forgets the previous one. */
  void mark() {
    epoch++;
    if (undoSize > 0) {
      Arrays.fill(undoRows, 0, undoSize, null);
      Arrays.fill(undoValues, 0, undoSize, null);
      undoSize = 0;
    }
  }

  /** Undoes the current record's writes. */
  void rollback() {
    for (int i = undoSize - 1; i >= 0; i--) {
      setPending(undoRows[i], undoValues[i]);
    }
    mark();
  }

  int dirtyCount() {
    return dirty;
  }

  /** Rows in the set (written, possibly undone since). */
  int size() {
    return rows.size();
  }

  /**
   * Rows first written since the last call whose write the changelog lacks, in first-write order,
   * now counted as sent. A row written again afterwards is left to {@link #takeUnsent}, so a hot
   * key reaches the changelog at most twice per transaction. The list is reused by the next call.
   */
  List<Row> takeNew() {
    toSend.clear();
    for (int i = offered; i < rows.size(); i++) {
      addUnsent(rows.get(i));
    }
    offered = rows.size();
    return toSend;
  }

  /** Every row whose pending write the changelog lacks, now counted as sent (see takeNew). */
  List<Row> takeUnsent() {
    toSend.clear();
    for (Row r : rows) {
      addUnsent(r);
    }
    offered = rows.size();
    return toSend;
  }

  private void addUnsent(Row r) {
    if (r.pending != null && !r.sent) {
      r.sent = true;
      toSend.add(r);
    }
  }

  /** Rows with a pending write and {@code from <= key < to} (null = open), in key order. */
  List<Row> range(byte @Nullable [] from, byte @Nullable [] to) {
    if (dirty == 0) {
      return List.of();
    }
    for (; ordered < rows.size(); ordered++) {
      order.add(rows.get(ordered));
    }
    List<Row> out = new ArrayList<>();
    for (Row r : slice(order, from, to)) {
      if (r.pending != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** The rows of a key-ordered set with {@code from <= key < to} (null = open). */
  static NavigableSet<Row> slice(
      NavigableSet<Row> order, byte @Nullable [] from, byte @Nullable [] to) {
    return from == null && to == null ? order
        : from == null ? order.headSet(Row.bound(to), false)
        : to == null ? order.tailSet(Row.bound(from), true)
        : order.subSet(Row.bound(from), true, Row.bound(to), false);
  }

  /** Ends the transaction: hands every row (written or undone) to {@code ended} and forgets it. */
  void end(Consumer<Row> ended) {
    mark();
    for (Row r : rows) {
      r.inWriteSet = false;
      ended.accept(r);
    }
    rows.clear();
    toSend.clear();
    offered = 0;
    order.clear();
    ordered = 0;
    dirty = 0;
  }
}
