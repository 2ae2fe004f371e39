package dev.rivulet.api.window;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * When a key next needs attention. The key has exactly one event-time timer, at {@link #timer()},
 * whenever this is not {@link #NONE}.
 *
 * @param deadline no slot of the key has a deadline before this ({@link #NEVER} if none); may be
 *     earlier than the true minimum (a merged-away session), which costs one idle wake-up
 * @param tick the next early-update tick, or {@link #NEVER}
 */
record Schedule(long deadline, long tick) {
  static final long NEVER = Long.MAX_VALUE;
  static final Schedule NONE = new Schedule(NEVER, NEVER);

  long timer() {
    return Math.min(deadline, tick);
  }

  boolean isNone() {
    return timer() == NEVER;
  }

  static Serde<Schedule> serde() {
    Serializer<Schedule> ser = (topic, s) -> s == null ? null
        : ByteBuffer.allocate(16).putLong(s.deadline()).putLong(s.tick()).array();
    Deserializer<Schedule> de = (topic, b) -> {
      if (b == null) {
        return null;
      }
      if (b.length != 16) {
        throw new SerializationException("Window schedule needs 16 bytes, got " + b.length);
      }
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new Schedule(buf.getLong(), buf.getLong());
    };
    return Serdes.serdeFrom(ser, de);
  }
}
