package dev.rivulet.api;

/**
 * Picks a record's event time, e.g. a field of the value. The default uses the Kafka record
 * timestamp. A negative result (or an exception) is bad input and follows the processor's
 * {@link ErrorPolicy}. Called on worker threads; must be thread-safe and side-effect free.
 */
@FunctionalInterface
public interface TimestampExtractor<V> {

  /**
   * @param value the deserialized value (may be {@code null} for tombstones)
   * @param recordTimestamp the Kafka record timestamp
   * @return event time in epoch millis
   */
  long extract(V value, long recordTimestamp);

  /** Uses the Kafka record timestamp. */
  static <V> TimestampExtractor<V> recordTimestamp() {
    return (value, recordTimestamp) -> recordTimestamp;
  }
}
