package dev.rivulet.api.window;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The stored state of one window of one key: its bounds, accumulator and flags. For sliding
 * windows a slot is the <em>pane</em> of one record timestamp ({@code end - 1}): its accumulator
 * holds only that timestamp's records, and the window is computed by merging panes.
 *
 * @param start window start (the map-state key)
 * @param end window end, exclusive
 * @param aggregate accumulator
 * @param changed changed since its last provisional result (tracked only with early updates)
 * @param emitted its final result was emitted; kept only as a pane of later sliding windows
 */
record Slot<A>(long start, long end, A aggregate, boolean changed, boolean emitted) {
  private static final int CHANGED = 1;
  private static final int EMITTED = 2;
  private static final int HEADER = 17;

  Slot<A> withAggregate(A newAggregate, boolean markChanged) {
    return new Slot<>(start, end, newAggregate, changed || markChanged, emitted);
  }

  Slot<A> markChanged() {
    return new Slot<>(start, end, aggregate, true, emitted);
  }

  Slot<A> reported() {
    return new Slot<>(start, end, aggregate, false, emitted);
  }

  Slot<A> finished() {
    return new Slot<>(start, end, aggregate, false, true);
  }

  /** {@code [start:8][end:8][flags:1][accumulator]}. */
  static <A> Serde<Slot<A>> serde(Serde<A> accumulatorSerde) {
    Serializer<A> acc = accumulatorSerde.serializer();
    Deserializer<A> accDe = accumulatorSerde.deserializer();
    Serializer<Slot<A>> ser = (topic, slot) -> {
      if (slot == null) {
        return null;
      }
      byte[] a = acc.serialize(topic, slot.aggregate());
      if (a == null) {
        throw new SerializationException("Accumulator serde wrote null for " + slot.aggregate());
      }
      int flags = (slot.changed() ? CHANGED : 0) | (slot.emitted() ? EMITTED : 0);
      return ByteBuffer.allocate(HEADER + a.length).putLong(slot.start()).putLong(slot.end())
          .put((byte) flags).put(a).array();
    };
    Deserializer<Slot<A>> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length < HEADER) {
        throw new SerializationException(
            "Window slot needs " + HEADER + "+ bytes, got " + bytes.length);
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      long start = buf.getLong();
      long end = buf.getLong();
      int flags = buf.get();
      A a = accDe.deserialize(topic, Arrays.copyOfRange(bytes, HEADER, bytes.length));
      return new Slot<>(start, end, a, (flags & CHANGED) != 0, (flags & EMITTED) != 0);
    };
    return Serdes.serdeFrom(ser, de);
  }
}
