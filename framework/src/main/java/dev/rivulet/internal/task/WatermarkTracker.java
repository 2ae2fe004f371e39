package dev.rivulet.internal.task;

import java.util.HashMap;
import java.util.Map;

/**
 * A task's watermark: per input partition (one per input topic: the task's partition) the max event time seen minus the out-of-orderness
 * bound; the task's watermark is the minimum over partitions that are not idle, and never goes
 * back. A partition with no record for {@code idleTimeoutMillis} of wall-clock time stops holding
 * the watermark back. Confined to the task's worker thread.
 */
final class WatermarkTracker {
  private final long outOfOrdernessMillis;
  private final long idleTimeoutMillis;
  private final Map<String, long[]> partitions = new HashMap<>(); // topic -> {maxTs, lastSeenWall}
  private long watermark;

  WatermarkTracker(Iterable<String> inputTopics, long outOfOrdernessMillis,
      long idleTimeoutMillis, long restored, long now) {
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.watermark = restored;
    for (String topic : inputTopics) {
      partitions.put(topic, new long[] {Long.MIN_VALUE, now});
    }
  }

  void observe(String topic, long eventTime, long now) {
    long[] p = partitions.get(topic);
    if (p != null) {
      p[0] = Math.max(p[0], eventTime);
      p[1] = now;
    }
  }

  /** Recomputes and returns the watermark. */
  long advance(long now) {
    long min = Long.MAX_VALUE;
    boolean any = false;
    for (long[] p : partitions.values()) {
      boolean idle = now - p[1] >= idleTimeoutMillis && idleTimeoutMillis > 0;
      if (!idle) {
        any = true;
        long candidate = p[0] == Long.MIN_VALUE ? Long.MIN_VALUE : p[0] - outOfOrdernessMillis;
        min = Math.min(min, candidate);
      }
    }
    if (!any) {
      // every partition idle: the highest one decides, so that quiet inputs still close windows
      long max = Long.MIN_VALUE;
      for (long[] p : partitions.values()) {
        max = Math.max(max, p[0] == Long.MIN_VALUE ? Long.MIN_VALUE : p[0] - outOfOrdernessMillis);
      }
      min = max;
    }
    if (min != Long.MAX_VALUE && min > watermark) {
      watermark = min;
    }
    return watermark;
  }

  long current() {
    return watermark;
  }
}
