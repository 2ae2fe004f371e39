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
 * twice keeps one row. The task's watermark is kept in the same store, so it is restored with the
 * timers and never regresses after a restart, and so are the input positions the state reflects
 * (rows {@code ['O'][topic]}), written in the same transaction as the consumer offsets.
 */
final class TimerService {
  static final byte EVENT_TIME = 'E';
  static final byte PROCESSING_TIME = 'P';
  private static final byte[] PRESENT = {1};
  private static final byte[] WATERMARK_KEY = {'W'};
  private static final byte POSITION = 'O';

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

  long restoredWatermark() {
    byte[] raw = store.get(WATERMARK_KEY);
    return raw == null ? Long.MIN_VALUE : ByteBuffer.wrap(raw).getLong();
  }

  void persistWatermark(long watermark) {
    store.put(WATERMARK_KEY, ByteBuffer.allocate(8).putLong(watermark).array());
  }

  /** Records that the state now reflects the input of {@code topic} up to {@code nextOffset}. */
  void persistPosition(String topic, long nextOffset) {
    store.put(positionKey(topic), ByteBuffer.allocate(8).putLong(nextOffset).array());
  }

  /** The next input offset of {@code topic} the state reflects, or -1 if none was recorded. */
  long position(String topic) {
    byte[] raw = store.get(positionKey(topic));
    return raw == null ? -1 : ByteBuffer.wrap(raw).getLong();
  }

  private static byte[] positionKey(String topic) {
    byte[] name = topic.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + name.length).put(POSITION).put(name).array();
  }

  private static byte[] row(byte domain, long time, byte[] key) {
    return ByteBuffer.allocate(9 + key.length)
        .put(domain).putLong(time ^ Long.MIN_VALUE).put(key).array();
  }

  /** A due timer. */
  record Due(byte domain, long time, byte[] key) {}
}
