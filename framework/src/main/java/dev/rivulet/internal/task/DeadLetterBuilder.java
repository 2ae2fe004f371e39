package dev.rivulet.internal.task;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead letter of a record: the original key, value and headers plus provenance headers
 * ({@code rivulet.dlq.*}), cut to fit the dead-letter topic. A dead letter the broker or producer
 * would reject would abort the transaction that carries it, again on every retry, until the
 * worker gives up: so when the whole does not fit the topic's record limit, the original headers
 * go first, then the value and, if still needed, the key are truncated. Provenance always stays;
 * {@code rivulet.dlq.truncated} names what was cut and {@code rivulet.dlq.key-bytes} /
 * {@code value-bytes} keep the original sizes. A truncated dead letter is never redriven.
 */
final class DeadLetterBuilder {
  static final String HEADER_PREFIX = "rivulet.dlq.";
  static final int MAX_TRACE_CHARS = 4_000;
  static final int MAX_MESSAGE_CHARS = 1_000;
  /** Per-record and per-header framing in a record batch (varints, attributes), rounded up. */
  private static final int RECORD_OVERHEAD = 32;
  private static final int HEADER_OVERHEAD = 10;
  /** Room kept for the headers that report a truncation. */
  private static final int TRUNCATION_HEADERS = 160;

  private final String processorId;
  private final String topic;
  private final IntSupplier limit;
  private int knownLimit = -1;

  /**
   * @param limit largest record (key, value and headers, uncompressed) the dead-letter topic and
   *     the producer accept; asked once, on the first dead letter
   */
  DeadLetterBuilder(String processorId, String topic, IntSupplier limit) {
    this.processorId = processorId;
    this.topic = topic;
    this.limit = limit;
  }

  String topic() {
    return topic;
  }

  ProducerRecord<byte[], byte[]> build(ConsumerRecord<byte[], byte[]> r, Throwable e, long now) {
    RecordHeaders provenance = new RecordHeaders();
    add(provenance, "topic", r.topic());
    add(provenance, "partition", Integer.toString(r.partition()));
    add(provenance, "offset", Long.toString(r.offset()));
    add(provenance, "timestamp", Long.toString(r.timestamp()));
    add(provenance, "processor", processorId);
    add(provenance, "exception", e.getClass().getName());
    add(provenance, "message", cut(String.valueOf(e.getMessage()), MAX_MESSAGE_CHARS));
    add(provenance, "stacktrace", cut(trace(e), MAX_TRACE_CHARS));
    add(provenance, "failed-at", Long.toString(now));
    byte[] key = r.key();
    byte[] value = r.value();
    int keyBytes = key == null ? 0 : key.length;
    int valueBytes = value == null ? 0 : value.length;
    int originalHeaders = size(r.headers());
    int budget = limit() - RECORD_OVERHEAD - size(provenance);
    if (keyBytes + valueBytes + originalHeaders <= budget) {
      return record(r, key, value, r.headers(), provenance);
    }
    int room = Math.max(0, budget - TRUNCATION_HEADERS);
    StringJoiner cut = new StringJoiner(",");
    Iterable<Header> kept = r.headers();
    if (originalHeaders > room / 2) {
      kept = new RecordHeaders();
      cut.add("headers");
      add(provenance, "headers-dropped", Integer.toString(count(r.headers())));
    } else {
      room -= originalHeaders;
    }
    if (keyBytes + valueBytes > room) {
      // the value gives way first; a key larger than half the room is cut to what the value
      // leaves, but never below half
      int keyShare = keyBytes <= room / 2 ? keyBytes
          : Math.min(keyBytes, Math.max(room / 2, room - valueBytes));
      if (keyShare < keyBytes) {
        key = Arrays.copyOf(key, keyShare);
        cut.add("key");
      }
      int valueShare = room - keyShare;
      if (valueBytes > valueShare) {
        value = Arrays.copyOf(value, valueShare);
        cut.add("value");
      }
    }
    if (cut.length() > 0) {
      add(provenance, "truncated", cut.toString());
      add(provenance, "key-bytes", Integer.toString(keyBytes));
      add(provenance, "value-bytes", Integer.toString(valueBytes));
    }
    return record(r, key, value, kept, provenance);
  }

  private ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> r, byte[] key,
      byte[] value, Iterable<Header> original, RecordHeaders provenance) {
    RecordHeaders headers = new RecordHeaders();
    original.forEach(headers::add);
    provenance.forEach(headers::add);
    return new ProducerRecord<>(topic, null, r.timestamp(), key, value, headers);
  }

  private int limit() {
    if (knownLimit < 0) {
      knownLimit = limit.getAsInt();
    }
    return knownLimit;
  }

  private static int size(Iterable<Header> headers) {
    int bytes = 0;
    for (Header h : headers) {
      bytes += HEADER_OVERHEAD + h.key().getBytes(StandardCharsets.UTF_8).length
          + (h.value() == null ? 0 : h.value().length);
    }
    return bytes;
  }

  private static int count(Iterable<Header> headers) {
    int n = 0;
    for (Header ignored : headers) {
      n++;
    }
    return n;
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static String trace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
