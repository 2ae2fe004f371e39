package dev.rivulet.chaos;

import dev.rivulet.internal.commit.Committer;
import dev.rivulet.internal.commit.TaskMigratedException;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately broken committer, installed through the runtime's committer seam by workers of
 * the {@code offsetsOutsideTransaction} profile: it commits input offsets with the consumer
 * before, and outside, the transaction that carries the outputs and changelog writes. A crash
 * between the two loses input; the checker must catch it.
 */
final class OffsetsOutsideTransaction implements Committer {
  /** JVM property of a worker that must install this committer. */
  static final String PROPERTY = "rivulet.chaos.offsets-outside-transaction";

  private final Committer delegate;
  private final Consumer<byte[], byte[]> consumer;

  OffsetsOutsideTransaction(Committer delegate, Consumer<byte[], byte[]> consumer) {
    this.delegate = delegate;
    this.consumer = consumer;
  }

  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group, Runnable afterCommit) {
    if (!offsets.isEmpty()) {
      try {
        consumer.commitSync(offsets);
      } catch (CommitFailedException | RebalanceInProgressException e) {
        // as the real committers do: the worker rejoins instead of dying, so the run shows
        // the fault this committer injects (lost input), not a worker stopped by a rebalance
        throw new TaskMigratedException("Offset commit rejected: " + e, e);
      }
    }
    delegate.commit(Map.of(), group, afterCommit);
  }

  @Override
  public boolean offsetsInTransaction() {
    return false;
  }

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    delegate.send(record);
  }

  @Override
  public void send(TopicPartition changelog, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset) {
    delegate.send(changelog, key, value, onOffset);
  }

  @Override
  public void awaitReady() {
    delegate.awaitReady();
  }

  @Override
  public void abort() {
    delegate.abort();
  }

  @Override
  public boolean hasOpenWork() {
    return delegate.hasOpenWork();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
