package dev.rivulet.chaos;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A crash point inside a worker JVM, installed as a consumer interceptor ({@code
 * interceptor.classes}): once armed (stdin command {@code ARM}), the JVM halts, as abruptly as a
 * SIGKILL, right after the next offset commit the consumer itself makes.
 *
 * <p>Under exactly-once the runtime never commits through the consumer (offsets go into the
 * transaction), so the crash point never fires. With offsets committed outside the transaction
 * it fires exactly in the window that loses records (offsets committed, transaction not yet), so
 * the negative run does not depend on a random SIGKILL landing in a window of a few ms.
 * It is also a (pass-through) producer interceptor because the runtime hands the same client
 * properties to every client.
 */
public final class CrashPoint
    implements ConsumerInterceptor<byte[], byte[]>, ProducerInterceptor<byte[], byte[]> {
  private static volatile boolean armed;

  static void arm() {
    armed = true;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (armed && !offsets.isEmpty()) {
      System.out.println("CRASH_POINT offsets committed outside the transaction: halting");
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  @Override
  public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
    return records;
  }

  @Override
  public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
