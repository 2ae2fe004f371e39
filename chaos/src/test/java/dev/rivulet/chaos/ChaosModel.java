package dev.rivulet.chaos;

import org.jspecify.annotations.Nullable;

/**
 * The values that flow through the chaos topology, all JSON. The fold ({@link #mix}) is shared
 * by the processors and the offline reference, so both compute the same order-sensitive hash.
 */
final class ChaosModel {
  private ChaosModel() {}

  /** Header carrying every driver record's id, good or bad (null keys and values included). */
  static final String ID_HEADER = "chaos.id";
  /** Keys longer than this are rejected by the processor (the 100 KB key kind). */
  static final int MAX_KEY_CHARS = 1_024;
  /** Padding of an output that is too large for the producer (the oversized-output kind). */
  static final int OVERSIZED_OUTPUT_CHARS = 1_200_000;

  /**
   * One input record.
   *
   * @param id unique over the run
   * @param seq 1, 2, 3... per key in production order
   * @param amount summed per key
   * @param fault null for a good record; {@code "poison"} makes the processor throw after it
   *     wrote state and emitted, {@code "oversized"} makes it emit a too-large output
   * @param eventTime event time overriding the record timestamp when set (negative = bad)
   */
  record InputEvent(String id, String key, long seq, long amount, @Nullable String fault,
      @Nullable Long eventTime) {}

  /** Stage 1 state per key. */
  record KeyState(long count, long sum, long lastSeq, long hash) {
    static final KeyState EMPTY = new KeyState(0, 0, 0, 0);

    KeyState add(String id, long seq, long amount) {
      return new KeyState(count + 1, sum + amount, seq, mix(hash, id));
    }
  }

  /**
   * Stage 1 state per key in version 2 of the processor (the rolling upgrade's new version): the
   * same fields and one more, the largest amount seen since version 2 took over. Both versions
   * read each other's JSON (unknown fields are ignored, missing ones are 0).
   */
  record KeyStateV2(long count, long sum, long lastSeq, long hash, long maxAmount) {
    static final KeyStateV2 EMPTY = new KeyStateV2(0, 0, 0, 0, 0);

    KeyState v1() {
      return new KeyState(count, sum, lastSeq, hash);
    }

    KeyStateV2 add(String id, long seq, long amount) {
      KeyState after = v1().add(id, seq, amount);
      return new KeyStateV2(after.count(), after.sum(), after.lastSeq(), after.hash(),
          Math.max(maxAmount, amount));
    }
  }

  /**
   * Stage 1 output, one per input.
   *
   * @param previousSeq the key's last sequence number before this record (must be seq - 1)
   * @param padding null, except for the oversized-output kind
   */
  record KeyOutput(String key, String id, long seq, long previousSeq, long count, long sum,
      long hash, @Nullable String padding) {}

  /** Stage 1 to stage 2 over the repartition topic, keyed by {@link #groupOf}. */
  record Regrouped(String id, String key, long seq, long amount) {}

  /** Stage 2 state per group. */
  record GroupState(long count, long sum, long hash) {
    static final GroupState EMPTY = new GroupState(0, 0, 0);

    GroupState add(String id, long amount) {
      return new GroupState(count + 1, sum + amount, mix(hash, id));
    }
  }

  /** Stage 2 output, one per regrouped record. */
  record GroupOutput(String group, String id, long count, long sum, long hash) {}

  /** The windower's fold of one key's good records in one window (input offset order). */
  record WindowTotals(long count, long sum, long hash) {
    static final WindowTotals EMPTY = new WindowTotals(0, 0, 0);

    WindowTotals add(InputEvent e) {
      return new WindowTotals(count + 1, sum + e.amount(), mix(hash, e.id()));
    }
  }

  /**
   * The expirer's state per key (an entry with a TTL): the key's last good record and the wall
   * clock just before the expirer read and wrote the state for it.
   */
  record LastSeen(String id, long t0) {}

  /**
   * The expirer's output, one per good input.
   *
   * @param seenId the id the TTL state held for the key (null: absent, expired or never written)
   * @param seenT0 the {@code t0} stored with it (null when absent)
   * @param t0 the wall clock just before this record's state read
   * @param t1 the wall clock just after this record's state write: the TTL store read its clock
   *     for the read and for the write's expiry between {@code t0} and {@code t1}
   * @param padding null, except for the oversized-output kind
   */
  record ExpiryOutput(String key, String id, @Nullable String seenId, @Nullable Long seenT0,
      long t0, long t1, @Nullable String padding) {}

  /** Order-sensitive 64-bit fold of ids. */
  static long mix(long hash, String id) {
    long h = Long.rotateLeft(hash, 13) * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001B3L;
    }
    return h;
  }

  /** The repartition key of a stage 1 key: many keys share a group. */
  static String groupOf(String key, int groups) {
    return "g" + Math.floorMod(key.hashCode() * 31 + 7, groups);
  }
}
