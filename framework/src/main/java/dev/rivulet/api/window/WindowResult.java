package dev.rivulet.api.window;


import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The aggregate of one key's window. A window has at most one final result ({@code isFinal}),
 * emitted when the watermark reaches {@code end + allowedLateness}; provisional results
 * ({@code !isFinal}) may precede it when early updates are enabled. A provisional session result
 * may describe a session that later merges with another, and so never gets a final result of its
 * own.
 *
 * @param key the key
 * @param start window start, epoch millis, inclusive
 * @param end window end, epoch millis, exclusive
 * @param aggregate the accumulator of the window's records
 * @param isFinal {@code true} for the one final result, {@code false} for an early update
 */
public record WindowResult<K, A>(K key, long start, long end, A aggregate, boolean isFinal) {

  public WindowResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(aggregate, "aggregate");
  }

  /**
   * A JSON serde ({@code {"key":..,"start":..,"end":..,"aggregate":{..},"isFinal":true}}) whose
   * key and aggregate are read back as the given types. Thread-safe.
   */
  public static <K, A> Serde<WindowResult<K, A>> jsonSerde(Class<K> keyType,
      Class<A> aggregateType) {
    return WindowResultJsonSerde.of(keyType, aggregateType);
  }
}
