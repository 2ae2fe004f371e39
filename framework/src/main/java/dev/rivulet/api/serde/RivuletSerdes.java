package dev.rivulet.api.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Factories for the serdes Rivulet picks by default. All returned serdes are thread-safe. */
public final class RivuletSerdes {

  private RivuletSerdes() {}

  public static Serde<String> string() {
    return Serdes.String();
  }

  public static Serde<Long> longs() {
    return Serdes.Long();
  }

  public static Serde<byte[]> bytes() {
    return Serdes.ByteArray();
  }

  /** JSON (Jackson) for records and POJOs. */
  public static <T> Serde<T> json(Class<T> type) {
    return JsonSerde.of(type);
  }

  /**
   * Longs encoded big-endian with the sign bit flipped, so that serialized byte order equals
   * numeric order: the serde for ordered {@code KeyValueStore} keys and range scans.
   */
  public static Serde<Long> orderedLong() {
    Serializer<Long> ser = (topic, v) -> v == null ? null
        : ByteBuffer.allocate(8).putLong(v ^ Long.MIN_VALUE).array();
    Deserializer<Long> de = (topic, b) -> {
      if (b == null) {
        return null;
      }
      if (b.length != 8) {
        throw new SerializationException("ordered long needs 8 bytes, got " + b.length);
      }
      return ByteBuffer.wrap(b).getLong() ^ Long.MIN_VALUE;
    };
    return Serdes.serdeFrom(ser, de);
  }

  /**
   * The default serde for a type: Kafka's built-ins for String, Long, Integer, Double, byte[]
   * and Void, JSON for everything else.
   */
  @SuppressWarnings("unchecked")
  public static <T> Serde<T> forType(Class<T> type) {
    if (type == String.class) {
      return (Serde<T>) Serdes.String();
    } else if (type == Long.class || type == long.class) {
      return (Serde<T>) Serdes.Long();
    } else if (type == Integer.class || type == int.class) {
      return (Serde<T>) Serdes.Integer();
    } else if (type == Double.class || type == double.class) {
      return (Serde<T>) Serdes.Double();
    } else if (type == byte[].class) {
      return (Serde<T>) Serdes.ByteArray();
    } else if (type == Void.class) {
      return (Serde<T>) Serdes.Void();
    }
    return JsonSerde.of(type);
  }
}
