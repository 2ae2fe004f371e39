package dev.rivulet.internal.task;

import dev.rivulet.api.ErrorPolicy;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a processor's {@link ErrorPolicy} to a record that could not be processed. Dead letters
 * ({@link DeadLetterBuilder}) go through the task's sink, hence into the same transaction as the
 * input offset.
 */
final class BadRecordHandler {
  private static final Logger log = LoggerFactory.getLogger(BadRecordHandler.class);
  private static final long LOG_INTERVAL_MILLIS = 10_000;

  private final String processorId;
  private final ErrorPolicy policy;
  private final DeadLetterBuilder deadLetters;
  private final Counter skipped;
  private final Counter deadLettered;
  private long lastLogMillis;
  private long unloggedSince;

  BadRecordHandler(String processorId, ErrorPolicy policy, DeadLetterBuilder deadLetters,
      Counter skipped, Counter deadLettered) {
    this.processorId = processorId;
    this.policy = policy;
    this.deadLetters = deadLetters;
    this.skipped = skipped;
    this.deadLettered = deadLettered;
  }

  void handle(ConsumerRecord<byte[], byte[]> record, Throwable error, RecordSink sink) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    switch (policy) {
      case FAIL -> throw new TaskFailedException("Processor '" + processorId + "' failed on record "
          + where + " (policy FAIL): " + error, error);
      case SKIP -> {
        skipped.increment();
        logThrottled("Skipped record " + where + " of processor '" + processorId + "'", error);
      }
      case DEAD_LETTER -> {
        sink.send(deadLetters.build(record, error, System.currentTimeMillis()));
        deadLettered.increment();
        logThrottled("Dead-lettered record " + where + " of processor '" + processorId
            + "' to " + deadLetters.topic(), error);
      }
    }
  }

  private void logThrottled(String message, Throwable error) {
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
