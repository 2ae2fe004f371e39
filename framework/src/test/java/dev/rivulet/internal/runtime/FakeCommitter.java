package dev.rivulet.internal.runtime;

import dev.rivulet.internal.commit.Committer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Commits synchronously (at the commit interval, on a rebalance, at shutdown); outputs count
 * once committed; can fail the next commit.
 */
final class FakeCommitter implements Committer {
  final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();
  final List<String> outputs = new CopyOnWriteArrayList<>();
  final AtomicReference<@Nullable RuntimeException> failNext = new AtomicReference<>();
  final List<String> open = new CopyOnWriteArrayList<>();
  volatile int failures;
  private long changelogOffset;

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    open.add(new String(record.key(), StandardCharsets.UTF_8) + "="
        + new String(record.value(), StandardCharsets.UTF_8));
  }

  @Override
  public void send(TopicPartition changelog, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset) {
    long offset = changelogOffset++;
    if (onOffset != null) {
      onOffset.accept(offset);
    }
  }

  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> commitOffsets,
      ConsumerGroupMetadata group, Runnable afterCommit) {
    RuntimeException failure = failNext.getAndSet(null);
    if (failure != null) {
      failures++;
      open.clear();
      throw failure;
    }
    afterCommit.run();
    outputs.addAll(open);
    open.clear();
    commitOffsets.forEach((tp, o) -> offsets.put(tp, o.offset()));
  }

  @Override
  public void abort() {
    open.clear();
  }

  @Override
  public boolean hasOpenWork() {
    return !open.isEmpty();
  }

  @Override
  public void close() {}
}
