package dev.rivulet.internal.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What members tell each other through the group protocol, versioned so that instances of
 * different app versions can share a group during a rolling upgrade: a reader takes the fields of
 * the versions it knows and ignores what a newer writer appended.
 *
 * <pre>
 * subscription (member → leader), version 1:  [short version][string advertisedUrl, "" = none]
 * assignment   (leader → member), version 1:  [short version][int urls]
 *                                              ([string url][int n][int partition] * n) * urls
 * </pre>
 *
 * A member without subscription data (an app version before this one) advertises no URL.
 */
final class MemberData {
  static final short VERSION = 1;

  private MemberData() {}

  static ByteBuffer subscription(@Nullable String advertisedUrl) {
    byte[] url = bytes(advertisedUrl == null ? "" : advertisedUrl);
    ByteBuffer buf = ByteBuffer.allocate(2 + 4 + url.length);
    buf.putShort(VERSION).putInt(url.length).put(url);
    return buf.flip();
  }

  /** The URL a member's subscription advertises, or null (none, or no data). */
  static @Nullable String advertisedUrl(@Nullable ByteBuffer subscription) {
    if (subscription == null || subscription.remaining() < 2) {
      return null;
    }
    ByteBuffer buf = subscription.duplicate();
    if (buf.getShort() < 1) {
      return null;
    }
    String url = string(buf);
    return url.isEmpty() ? null : url;
  }

  /** The partitions owned per advertised URL, for every member's assignment. */
  static ByteBuffer assignment(Map<String, Set<Integer>> partitionsByUrl) {
    int size = 2 + 4;
    for (Map.Entry<String, Set<Integer>> e : partitionsByUrl.entrySet()) {
      size += 4 + bytes(e.getKey()).length + 4 + 4 * e.getValue().size();
    }
    ByteBuffer buf = ByteBuffer.allocate(size).putShort(VERSION).putInt(partitionsByUrl.size());
    partitionsByUrl.forEach((url, partitions) -> {
      byte[] b = bytes(url);
      buf.putInt(b.length).put(b).putInt(partitions.size());
      partitions.forEach(buf::putInt);
    });
    return buf.flip();
  }

  /** Decodes {@link #assignment}; empty for missing or unknown data. */
  static Map<String, Set<Integer>> partitionsByUrl(@Nullable ByteBuffer assignment) {
    Map<String, Set<Integer>> out = new TreeMap<>();
    if (assignment == null || assignment.remaining() < 6) {
      return out;
    }
    ByteBuffer buf = assignment.duplicate();
    if (buf.getShort() < 1) {
      return out;
    }
    int urls = buf.getInt();
    for (int i = 0; i < urls; i++) {
      String url = string(buf);
      int n = buf.getInt();
      Set<Integer> partitions = new TreeSet<>();
      for (int j = 0; j < n; j++) {
        partitions.add(buf.getInt());
      }
      out.put(url, partitions);
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(ByteBuffer buf) {
    byte[] b = new byte[buf.getInt()];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
