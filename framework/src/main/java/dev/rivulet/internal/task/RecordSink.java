package dev.rivulet.internal.task;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a task's outputs and dead letters go: the worker's (transactional) producer, or a list in
 * the test driver. Implementations open the transaction on first use.
 */
@FunctionalInterface
public interface RecordSink {
  void send(ProducerRecord<byte[], byte[]> record);
}
