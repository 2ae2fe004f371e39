package dev.rivulet.internal.runtime;

import java.time.Duration;

/**
 * When a worker's next commit is due: once per commit interval, on a fixed cadence. A commit that
 * starts late (the loop was still processing a batch when it fell due) does not push the next one
 * back, so a record waits about one interval for its commit however long the loop's iterations
 * are; a worker that fell a whole interval behind (a long restore step, a slow commit) starts a
 * new cadence instead of committing back to back. The loop never waits for records past the due
 * time. Confined to the worker thread.
 */
final class CommitClock {
  /** The longest a poll waits for records: between polls the loop fires timers, checks pauses. */
  static final Duration MAX_POLL_WAIT = Duration.ofMillis(50);

  private final long intervalNanos;
  private long dueNanos;

  CommitClock(Duration interval, long nowNanos) {
    this.intervalNanos = interval.toNanos();
    this.dueNanos = nowNanos + intervalNanos;
  }

  boolean isDue(long nowNanos) {
    return nowNanos - dueNanos >= 0;
  }

  /** A due commit starts at {@code nowNanos}: the next is due an interval after this one was. */
  void started(long nowNanos) {
    long next = dueNanos + intervalNanos;
    dueNanos = nowNanos - next >= 0 ? nowNanos + intervalNanos : next;
  }

  /** An unscheduled commit (rebalance, shutdown) at {@code nowNanos}: the cadence restarts. */
  void restart(long nowNanos) {
    dueNanos = nowNanos + intervalNanos;
  }

  /** How long a poll may wait for records: {@link #MAX_POLL_WAIT}, never past the due commit. */
  Duration pollWait(long nowNanos) {
    long left = Math.max(0, dueNanos - nowNanos);
    return left >= MAX_POLL_WAIT.toNanos() ? MAX_POLL_WAIT : Duration.ofNanos(left);
  }
}
