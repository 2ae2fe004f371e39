package dev.rivulet.internal.task;

import dev.rivulet.api.ErrorPolicy;
import io.micrometer.core.instrument.Counter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a processor's {@link ErrorPolicy} to a record that could not be processed. Dead letters
 * carry the original key, value and headers plus provenance headers ({@code rivulet.dlq.*}) and go
 * through the task's sink, hence into the same transaction as the input offset.
 */
final class BadRecordHandler {
  static final String HEADER_PREFIX = "rivulet.dlq.";
  private static final Logger log = LoggerFactory.getLogger(BadRecordHandler.class);
  private static final long LOG_INTERVAL_MILLIS = 10_000;
  private static final int MAX_TRACE_CHARS = 4_000;

  private final String processorId;
  private final ErrorPolicy policy;
  private final String deadLetterTopic;
  private final Counter skipped;
  private final Counter deadLettered;
  private long lastLogMillis;
  private long unloggedSince;

  BadRecordHandler(String processorId, ErrorPolicy policy, String deadLetterTopic,
      Counter skipped, Counter deadLettered) {
    this.processorId = processorId;
    this.policy = policy;
    this.deadLetterTopic = deadLetterTopic;
    this.skipped = skipped;
    this.deadLettered = deadLettered;
  }

  void handle(ConsumerRecord<byte[], byte[]> record, Exception error, RecordSink sink) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    switch (policy) {
      case FAIL -> throw new TaskFailedException("Processor '" + processorId + "' failed on record "
          + where + " (policy FAIL): " + error, error);
      case SKIP -> {
        skipped.increment();
        logThrottled("Skipped record " + where + " of processor '" + processorId + "'", error);
      }
      case DEAD_LETTER -> {
        sink.send(deadLetter(record, error));
        deadLettered.increment();
        logThrottled("Dead-lettered record " + where + " of processor '" + processorId
            + "' to " + deadLetterTopic, error);
      }
    }
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, Exception e) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : r.headers()) {
      headers.add(h);
    }
    add(headers, "topic", r.topic());
    add(headers, "partition", Integer.toString(r.partition()));
    add(headers, "offset", Long.toString(r.offset()));
    add(headers, "timestamp", Long.toString(r.timestamp()));
    add(headers, "processor", processorId);
    add(headers, "exception", e.getClass().getName());
    add(headers, "message", String.valueOf(e.getMessage()));
    add(headers, "stacktrace", trace(e));
    add(headers, "failed-at", Long.toString(System.currentTimeMillis()));
    return new ProducerRecord<>(deadLetterTopic, null, r.timestamp(), r.key(), r.value(), headers);
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String trace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    String s = out.toString();
    return s.length() <= MAX_TRACE_CHARS ? s : s.substring(0, MAX_TRACE_CHARS) + "...";
  }

  private void logThrottled(String message, Exception error) {
    long now = System.currentTimeMillis();
    if (now - lastLogMillis >= LOG_INTERVAL_MILLIS) {
      log.warn("{} ({} more since last log): {}", message, unloggedSince, error.toString());
      lastLogMillis = now;
      unloggedSince = 0;
    } else {
      unloggedSince++;
    }
  }
}
