package dev.rivulet.internal.state;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;

/** Byte-array helpers for keys: unsigned lexicographic order, prefixes, big-endian numbers. */
public final class Bytes {
  /** Unsigned lexicographic order: RocksDB's default comparator. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private Bytes() {}

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static byte[] intBytes(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  /** The smallest key greater than every key with this prefix, or null if none exists. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  public static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Length-prefixed key: {@code [len:4][key]}, so one key's composite entries are contiguous. */
  public static byte[] lengthPrefixed(byte[] key) {
    return ByteBuffer.allocate(4 + key.length).putInt(key.length).put(key).array();
  }
}
