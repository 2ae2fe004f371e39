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
 * the versions it knows, in order, and ignores what a newer writer appended.
 *
 * <pre>
 * subscription (member → leader)
 *   v1: [short version][string advertisedUrl, "" = none]
 *   v2: + [string instance id][int n]([int partition][long offset sum]) * n
 *   v3, v4, v5: as v2
 * assignment (leader → member)
 *   v1: [short version][int urls]([string url][int n][int partition] * n) * urls
 *   v2: + [int n][int standby partition] * n [byte probing]
 *   v3: + [int urls]([string url][int n][int partition] * n) * urls: every member's standby and
 *       warm-up replicas, by URL (for stale reads routed to a replica)
 *   v4: + [int n][int warm-up partition] * n: which of this member's replicas are warm-ups
 *   v5: + [byte follow-up]: 1 when partitions were withheld because their owner must revoke
 *       them first; every member rejoins at once instead of when its heartbeat learns of the
 *       revoking member's rejoin
 * </pre>
 *
 * The offset sum of a partition is the sum of the changelog checkpoints of every store of every
 * processor for that partition in the member's local state: how far its copy of the partition's
 * state goes. A member without subscription data (an app version before this one) advertises
 * nothing, shares its instance with nobody and has no local state.
 */
final class MemberData {
  static final short VERSION = 5;

  private MemberData() {}

  /** A member's subscription. */
  record Subscription(@Nullable String advertisedUrl, @Nullable String instanceId,
      Map<Integer, Long> offsetSums) {}

  /**
   * A member's assignment beyond its partitions.
   *
   * @param partitionsByUrl every member's active partitions, by advertised URL
   * @param standbys this member's standby (and warm-up) partitions
   * @param replicasByUrl every member's standby and warm-up partitions, by advertised URL
   * @param warmups which of {@code standbys} are warm-ups (a task moves here once caught up)
   * @param followUp partitions are on their way between members: a follow-up rebalance assigns
   *     them once their owners have revoked them
   */
  record Assignment(Map<String, Set<Integer>> partitionsByUrl, Set<Integer> standbys,
      boolean probing, Map<String, Set<Integer>> replicasByUrl, Set<Integer> warmups,
      boolean followUp) {
    Assignment(Map<String, Set<Integer>> partitionsByUrl, Set<Integer> standbys,
        boolean probing) {
      this(partitionsByUrl, standbys, probing, Map.of(), Set.of(), false);
    }

    Assignment(Map<String, Set<Integer>> partitionsByUrl, Set<Integer> standbys,
        boolean probing, Map<String, Set<Integer>> replicasByUrl, Set<Integer> warmups) {
      this(partitionsByUrl, standbys, probing, replicasByUrl, warmups, false);
    }
  }

  static ByteBuffer subscription(@Nullable String advertisedUrl) {
    return subscription(new Subscription(advertisedUrl, null, Map.of()));
  }

  static ByteBuffer subscription(Subscription s) {
    byte[] url = bytes(s.advertisedUrl() == null ? "" : s.advertisedUrl());
    byte[] instance = bytes(s.instanceId() == null ? "" : s.instanceId());
    ByteBuffer buf = ByteBuffer.allocate(2 + 4 + url.length + 4 + instance.length + 4
        + 12 * s.offsetSums().size());
    buf.putShort(VERSION).putInt(url.length).put(url).putInt(instance.length).put(instance)
        .putInt(s.offsetSums().size());
    s.offsetSums().forEach((p, sum) -> buf.putInt(p).putLong(sum));
    return buf.flip();
  }

  /** Decodes a subscription; missing fields are empty. */
  static Subscription readSubscription(@Nullable ByteBuffer data) {
    if (data == null || data.remaining() < 2) {
      return new Subscription(null, null, Map.of());
    }
    ByteBuffer buf = data.duplicate();
    short version = buf.getShort();
    if (version < 1) {
      return new Subscription(null, null, Map.of());
    }
    String url = emptyToNull(string(buf));
    if (version < 2) {
      return new Subscription(url, null, Map.of());
    }
    String instance = emptyToNull(string(buf));
    Map<Integer, Long> sums = new TreeMap<>();
    int n = buf.getInt();
    for (int i = 0; i < n; i++) {
      sums.put(buf.getInt(), buf.getLong());
    }
    return new Subscription(url, instance, sums);
  }

  /** The URL a member's subscription advertises, or null (none, or no data). */
  static @Nullable String advertisedUrl(@Nullable ByteBuffer subscription) {
    return readSubscription(subscription).advertisedUrl();
  }

  /** The partitions owned per advertised URL, for every member's assignment. */
  static ByteBuffer assignment(Map<String, Set<Integer>> partitionsByUrl) {
    return assignment(new Assignment(partitionsByUrl, Set.of(), false));
  }

  static ByteBuffer assignment(Assignment a) {
    int size = 2 + sizeOf(a.partitionsByUrl()) + 4 + 4 * a.standbys().size() + 1
        + sizeOf(a.replicasByUrl()) + 4 + 4 * a.warmups().size() + 1;
    ByteBuffer buf = ByteBuffer.allocate(size).putShort(VERSION);
    putByUrl(buf, a.partitionsByUrl());
    buf.putInt(a.standbys().size());
    a.standbys().forEach(buf::putInt);
    buf.put((byte) (a.probing() ? 1 : 0));
    putByUrl(buf, a.replicasByUrl());
    buf.putInt(a.warmups().size());
    a.warmups().forEach(buf::putInt);
    buf.put((byte) (a.followUp() ? 1 : 0));
    return buf.flip();
  }

  private static int sizeOf(Map<String, Set<Integer>> byUrl) {
    int size = 4;
    for (Map.Entry<String, Set<Integer>> e : byUrl.entrySet()) {
      size += 4 + bytes(e.getKey()).length + 4 + 4 * e.getValue().size();
    }
    return size;
  }

  private static void putByUrl(ByteBuffer buf, Map<String, Set<Integer>> byUrl) {
    buf.putInt(byUrl.size());
    byUrl.forEach((url, partitions) -> {
      byte[] b = bytes(url);
      buf.putInt(b.length).put(b).putInt(partitions.size());
      partitions.forEach(buf::putInt);
    });
  }

  private static Map<String, Set<Integer>> byUrl(ByteBuffer buf) {
    Map<String, Set<Integer>> out = new TreeMap<>();
    int urls = buf.getInt();
    for (int i = 0; i < urls; i++) {
      String url = string(buf);
      out.put(url, ints(buf));
    }
    return out;
  }

  /** Decodes an assignment's data; empty for missing or unknown data. */
  static Assignment readAssignment(@Nullable ByteBuffer data) {
    Map<String, Set<Integer>> byUrl = new TreeMap<>();
    if (data == null || data.remaining() < 6) {
      return new Assignment(byUrl, Set.of(), false);
    }
    ByteBuffer buf = data.duplicate();
    short version = buf.getShort();
    if (version < 1) {
      return new Assignment(byUrl, Set.of(), false);
    }
    byUrl.putAll(byUrl(buf));
    if (version < 2) {
      return new Assignment(byUrl, Set.of(), false);
    }
    Set<Integer> standbys = ints(buf);
    boolean probing = buf.get() == 1;
    if (version < 3) {
      return new Assignment(byUrl, standbys, probing);
    }
    Map<String, Set<Integer>> replicas = byUrl(buf);
    Set<Integer> warmups = version < 4 ? Set.of() : ints(buf);
    return new Assignment(byUrl, standbys, probing, replicas, warmups,
        version >= 5 && buf.get() == 1);
  }

  /** Decodes {@link #assignment}'s partitions per URL. */
  static Map<String, Set<Integer>> partitionsByUrl(@Nullable ByteBuffer assignment) {
    return readAssignment(assignment).partitionsByUrl();
  }

  private static Set<Integer> ints(ByteBuffer buf) {
    int n = buf.getInt();
    Set<Integer> out = new TreeSet<>();
    for (int j = 0; j < n; j++) {
      out.add(buf.getInt());
    }
    return out;
  }

  private static @Nullable String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
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
