package dev.rivulet.api.window;

import java.time.Duration;
import java.util.Objects;

/**
 * How records of one key are grouped into event-time windows. Every window is half-open,
 * {@code [start, end)} in epoch millis, and <em>closes</em> when the task's watermark reaches
 * {@code end + allowedLateness}: its final result is emitted then and its state deleted.
 *
 * <ul>
 *   <li>{@link #tumbling(Duration) tumbling(size)}: fixed, non-overlapping windows aligned to the
 *       epoch; a record belongs to exactly one.
 *   <li>{@link #hopping(Duration, Duration) hopping(size, advance)}: fixed windows of {@code size}
 *       starting every {@code advance} (aligned to the epoch); a record belongs to every window
 *       that covers it, about {@code size / advance} of them. This is what Flink calls a
 *       "sliding" window.
 *   <li>{@link #sliding(Duration) sliding(size)}: one window per distinct record timestamp
 *       {@code t} of a key, {@code [t - size + 1, t + 1)}, i.e. "the records of the last
 *       {@code size} up to and including this one". Like Kafka Streams' {@code SlidingWindows}
 *       (windows defined by record time differences), but without its extra "right" windows, and
 *       with {@code size} exclusive rather than inclusive. A record is late only once no window
 *       can cover it any more; if just its own window has closed, it still counts in the later
 *       ones.
 *   <li>{@link #session(Duration) session(gap)}: records of a key whose timestamps are less than
 *       {@code gap} apart (transitively) form one session {@code [first, last + gap)}; a record
 *       that bridges two sessions merges them. Records exactly {@code gap} apart start a new
 *       session (Kafka Streams and Flink merge them; the exclusive bound makes the result
 *       independent of timer timing).
 * </ul>
 *
 * <p>Durations have millisecond granularity and must be at least 1 ms. Values are immutable and
 * thread-safe.
 */
public sealed interface Windows
    permits Windows.Tumbling, Windows.Hopping, Windows.Sliding, Windows.Session {

  /** Fixed, non-overlapping windows of {@code size}, aligned to the epoch. */
  static Tumbling tumbling(Duration size) {
    return new Tumbling(size);
  }

  /** Windows of {@code size} starting every {@code advance} ({@code 0 < advance <= size}). */
  static Hopping hopping(Duration size, Duration advance) {
    return new Hopping(size, advance);
  }

  /** One window {@code [t - size + 1, t + 1)} per distinct record timestamp {@code t}. */
  static Sliding sliding(Duration size) {
    return new Sliding(size);
  }

  /** Sessions of records less than {@code gap} apart; needs a merge function. */
  static Session session(Duration gap) {
    return new Session(gap);
  }

  /** Tumbling windows; see {@link Windows#tumbling}. */
  record Tumbling(Duration size) implements Windows {
    public Tumbling {
      checkPositive(size, "size");
    }
  }

  /** Hopping windows; see {@link Windows#hopping}. */
  record Hopping(Duration size, Duration advance) implements Windows {
    public Hopping {
      checkPositive(size, "size");
      checkPositive(advance, "advance");
      if (advance.compareTo(size) > 0) {
        throw new IllegalArgumentException("Hopping window advance " + advance
            + " is larger than its size " + size + ": records between windows would be lost");
      }
    }
  }

  /** Sliding windows; see {@link Windows#sliding}. */
  record Sliding(Duration size) implements Windows {
    public Sliding {
      checkPositive(size, "size");
    }
  }

  /** Session windows; see {@link Windows#session}. */
  record Session(Duration gap) implements Windows {
    public Session {
      checkPositive(gap, "gap");
    }
  }

  private static void checkPositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.toMillis() < 1) {
      throw new IllegalArgumentException("Window " + what + " must be at least 1 ms, was " + d);
    }
  }
}
