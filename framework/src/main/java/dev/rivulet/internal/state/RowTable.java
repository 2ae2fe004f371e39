package dev.rivulet.internal.state;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one store: an open-addressing hash table (linear probing, backward-shift delete)
 * holding {@link Row}s directly, so a lookup touches the slot array, the row and its key bytes
 * and nothing else. Confined to the worker thread.
 */
final class RowTable {
  private static final int MIN_CAPACITY = 16;
  private Row[] slots = new Row[MIN_CAPACITY];
  private int shift = 32 - Integer.numberOfTrailingZeros(MIN_CAPACITY);
  private int size;

  static int hash(byte[] key) {
    return Arrays.hashCode(key);
  }

  private int home(int hash) {
    return (hash * 0x9E3779B9) >>> shift; // Fibonacci hashing spreads weak key hashes
  }

  @Nullable Row find(byte[] key, int hash) {
    int mask = slots.length - 1;
    for (int i = home(hash); ; i = (i + 1) & mask) {
      Row r = slots[i];
      if (r == null) {
        return null;
      }
      if (r.hash == hash && Arrays.equals(r.key, key)) {
        return r;
      }
    }
  }

  /** Adds a new row for {@code key}, which must not be in the table. */
  Row add(byte[] key, int hash) {
    if (size + 1 > slots.length * 5 / 8) {
      resize(slots.length * 2);
    }
    Row r = new Row(key, hash, this);
    place(r);
    size++;
    return r;
  }

  private void place(Row r) {
    int mask = slots.length - 1;
    int i = home(r.hash);
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = r;
  }

  private void resize(int capacity) {
    Row[] old = slots;
    slots = new Row[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (Row r : old) {
      if (r != null) {
        place(r);
      }
    }
  }

  /** Removes {@code row} if it is still in the table. */
  void remove(Row row) {
    int mask = slots.length - 1;
    int i = home(row.hash);
    while (slots[i] != row) {
      if (slots[i] == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    slots[i] = null;
    row.removed = true;
    size--;
    // shift back later rows of the probe run whose home is not in (i, j]
    for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int h = home(slots[j].hash);
      boolean stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!stays) {
        slots[i] = slots[j];
        slots[j] = null;
        i = j;
      }
    }
  }

  int size() {
    return size;
  }

  /** Removes every row, handing each to {@code removed} first. */
  void clear(Consumer<Row> removed) {
    if (size == 0) {
      return;
    }
    for (Row r : slots) {
      if (r != null) {
        r.removed = true;
        removed.accept(r);
      }
    }
    slots = new Row[MIN_CAPACITY];
    shift = 32 - Integer.numberOfTrailingZeros(MIN_CAPACITY);
    size = 0;
  }
}
