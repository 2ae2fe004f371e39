package dev.rivulet.sample.monitoring.stats;

import dev.rivulet.sample.monitoring.model.MetricSample;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Accumulator of one service's window: request and error counts and an HdrHistogram of
 * latencies (1 ms to 1 hour, 2 significant digits: percentiles within 1%). Mutable, as the
 * window API allows: {@link #add} and {@link #merge} update and return this instance (a fresh copy
 * read from state). Stored with {@link #serde()}: two counts and the histogram's compressed
 * encoding.
 */
final class WindowStats {
  static final long MAX_LATENCY_MS = 3_600_000;
  private static final int DIGITS = 2;

  private long count;
  private long errors;
  private final Histogram latencies;

  private WindowStats(long count, long errors, Histogram latencies) {
    this.count = count;
    this.errors = errors;
    this.latencies = latencies;
  }

  /** An empty accumulator. */
  static WindowStats empty() {
    return new WindowStats(0, 0, new Histogram(1, MAX_LATENCY_MS, DIGITS));
  }

  /** Adds a sample; latencies out of range are clamped. */
  WindowStats add(MetricSample sample) {
    count++;
    if (sample.failed()) {
      errors++;
    }
    latencies.recordValue(Math.max(1, Math.min(MAX_LATENCY_MS, sample.latencyMs())));
    return this;
  }

  /** Adds another window's counts and latencies. */
  WindowStats merge(WindowStats other) {
    count += other.count;
    errors += other.errors;
    latencies.add(other.latencies);
    return this;
  }

  long count() {
    return count;
  }

  long errors() {
    return errors;
  }

  double errorRate() {
    return count == 0 ? 0 : (double) errors / count;
  }

  /** The latency at a percentile (0-100), ms. */
  long percentile(double percentile) {
    return latencies.getValueAtPercentile(percentile);
  }

  long max() {
    return latencies.getMaxValue();
  }

  /** Binary serde: {@code [count:8][errors:8][compressed histogram]}. Thread-safe. */
  static Serde<WindowStats> serde() {
    Serializer<WindowStats> serializer = (topic, stats) -> {
      if (stats == null) {
        return null;
      }
      ByteBuffer histogram = ByteBuffer.allocate(stats.latencies.getNeededByteBufferCapacity());
      int length = stats.latencies.encodeIntoCompressedByteBuffer(histogram);
      return ByteBuffer.allocate(16 + length).putLong(stats.count).putLong(stats.errors)
          .put(histogram.array(), 0, length).array();
    };
    Deserializer<WindowStats> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      long count = buffer.getLong();
      long errors = buffer.getLong();
      try {
        Histogram latencies = Histogram.decodeFromCompressedByteBuffer(buffer, 1);
        return new WindowStats(count, errors, latencies);
      } catch (DataFormatException e) {
        throw new SerializationException("Corrupt latency histogram", e);
      }
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
