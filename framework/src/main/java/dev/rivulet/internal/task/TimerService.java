package dev.rivulet.internal.task;

import dev.rivulet.internal.state.TaskStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A task's timers, kept in the task's timer store (RocksDB + changelog, like any store) with
 * rows {@code [domain][time:8, sign-flipped][key]}: ordered by time, so finding due timers is one
 * range scan from the start of a domain, never a full scan; registering the same (key, time)
 * twice keeps one row. The same store holds the task's progress rows, kept by
 * {@link dev.rivulet.internal.state.StateManager}.
 */
final class TimerService {
  static final byte EVENT_TIME = 'E';
  static final byte PROCESSING_TIME = 'P';
  private static final byte[] PRESENT = {1};

  private final TaskStore store;

  TimerService(TaskStore store) {
    this.store = store;
  }

  TaskStore store() {
    return store;
  }

  void register(byte domain, long time, byte[] key) {
    store.put(row(domain, time, key), PRESENT);
  }

  void delete(byte domain, long time, byte[] key) {
    store.delete(row(domain, time, key));
  }

  /** Whether the timer is still registered (an earlier firing may have deleted it). */
  boolean exists(byte domain, long time, byte[] key) {
    return store.get(row(domain, time, key)) != null;
  }

  /** Up to {@code limit} timers of a domain with time {@code <= upTo}, earliest first. */
  List<Due> due(byte domain, long upTo, int limit) {
    if (upTo == Long.MIN_VALUE) {
      return List.of();
    }
    byte[] from = {domain};
    byte[] to = upTo == Long.MAX_VALUE ? new byte[] {(byte) (domain + 1)}
        : ByteBuffer.allocate(9).put(domain).putLong((upTo + 1) ^ Long.MIN_VALUE).array();
    List<Due> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : store.scan(from, to, limit)) {
      byte[] row = e.getKey();
      long time = ByteBuffer.wrap(row, 1, 8).getLong() ^ Long.MIN_VALUE;
      out.add(new Due(domain, time, Arrays.copyOfRange(row, 9, row.length)));
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  private static byte[] row(byte domain, long time, byte[] key) {
    return ByteBuffer.allocate(9 + key.length)
        .put(domain).putLong(time ^ Long.MIN_VALUE).put(key).array();
  }

  /** A due timer. */
  record Due(byte domain, long time, byte[] key) {}
}
