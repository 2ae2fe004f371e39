package dev.rivulet.api.state;

import dev.rivulet.api.serde.RivuletSerdes;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * A declared, typed store of a processor. Create specs with the static factories, keep them as
 * constants and pass them to the processor definition and to {@code ctx.state(spec)}; no lookup by
 * string, no cast.
 *
 * <p>Each spec becomes one store with one changelog topic named
 * {@code <application-id>-<processor-id>-<name>-changelog}.
 */
public sealed interface StateSpec
    permits ValueStateSpec, MapStateSpec, ListStateSpec, KeyValueStoreSpec {

  /** Store names: letters, digits, '.', '_' and '-' (they become part of a topic name). */
  Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

  /** The store's name, unique within its processor. */
  String name();

  /** Time to live of an entry after its last write, or {@code null} for no expiry. */
  @Nullable Duration ttl();

  /** One value per key, JSON-serialized (or a built-in serde for String, Long, byte[]...). */
  static <T> ValueStateSpec<T> value(String name, Class<T> type) {
    return new ValueStateSpec<>(name, RivuletSerdes.forType(type), null);
  }

  /** One value per key with an explicit serde. */
  static <T> ValueStateSpec<T> value(String name, Serde<T> serde) {
    return new ValueStateSpec<>(name, serde, null);
  }

  /** A map per key. */
  static <MK, MV> MapStateSpec<MK, MV> map(String name, Class<MK> keyType, Class<MV> valueType) {
    return new MapStateSpec<>(
        name, RivuletSerdes.forType(keyType), RivuletSerdes.forType(valueType), null);
  }

  /** A map per key with explicit serdes; iteration follows the serialized map-key bytes. */
  static <MK, MV> MapStateSpec<MK, MV> map(String name, Serde<MK> keySerde, Serde<MV> valueSerde) {
    return new MapStateSpec<>(name, keySerde, valueSerde, null);
  }

  /** A list per key. */
  static <T> ListStateSpec<T> list(String name, Class<T> elementType) {
    return new ListStateSpec<>(name, RivuletSerdes.forType(elementType), null);
  }

  /** A list per key with an explicit element serde. */
  static <T> ListStateSpec<T> list(String name, Serde<T> elementSerde) {
    return new ListStateSpec<>(name, elementSerde, null);
  }

  /**
   * A partition-wide ordered store. Order is that of the serialized keys (unsigned
   * lexicographic bytes): use {@link RivuletSerdes#orderedLong()} for numeric order of longs.
   */
  static <K, V> KeyValueStoreSpec<K, V> keyValue(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    return new KeyValueStoreSpec<>(name, keySerde, valueSerde, null);
  }

  static void checkName(String name) {
    if (name == null || !VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "State name '" + name + "' is invalid: use 1-100 of [a-zA-Z0-9._-]");
    }
  }

  static void checkTtl(@Nullable Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("TTL must be positive, was " + ttl);
    }
  }
}
