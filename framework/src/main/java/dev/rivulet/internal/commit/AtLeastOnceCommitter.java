package dev.rivulet.internal.commit;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jspecify.annotations.Nullable;

/**
 * At-least-once: outputs and changelog records are flushed (acknowledged by all in-sync replicas)
 * before the consumer commits the offsets. A crash between the two reprocesses records.
 */
public final class AtLeastOnceCommitter implements Committer {
  private final Producer<byte[], byte[]> producer;
  private final Consumer<byte[], byte[]> consumer;
  private final Counter commits;
  private final SendErrors sendErrors = new SendErrors();
  private boolean sent;

  public AtLeastOnceCommitter(Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer,
      Counter commits) {
    this.producer = producer;
    this.consumer = consumer;
    this.commits = commits;
  }

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    sent = true;
    producer.send(record, sendErrors);
  }

  @Override
  public void send(TopicPartition changelog, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset) {
    sent = true;
    producer.send(new ProducerRecord<>(changelog.topic(), changelog.partition(), key, value),
          sendErrors.reportingOffset(onOffset));
  }

  @Override
  public boolean hasOpenWork() {
    return sent;
  }

  /** Commits synchronously: flush, then the offsets, then {@code afterCommit}. */
  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group, Runnable afterCommit) {
    commitNow(offsets);
    afterCommit.run();
  }

  private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
    producer.flush();
    sent = false;
    Exception failed = sendErrors.take();
    if (failed != null) {
      throw new CommitAbortedException("A send failed; offsets not committed: " + failed, failed);
    }
    if (!offsets.isEmpty()) {
      try {
        consumer.commitSync(offsets);
      } catch (CommitFailedException | RebalanceInProgressException e) {
        throw TaskMigratedException.staleGeneration("Offset commit rejected: " + e, e);
      } catch (KafkaException e) {
        throw new CommitAbortedException("Offset commit failed: " + e, e);
      }
    }
    commits.increment();
  }

  @Override
  public void abort() {
    sendErrors.clear();
    sent = false;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
