package dev.rivulet.internal.runtime;

import dev.rivulet.internal.commit.Committer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The committer of a {@link LocalTaskRunner}: no broker, records go to lists, every commit
 * succeeds at once (its after-commit step, the RocksDB write, runs before it returns).
 * Changelog offsets are the records' indexes in the changelog list.
 *
 * <p>Confined to one thread.
 */
final class LocalCommitter implements Committer {
  private final List<ProducerRecord<byte[], byte[]>> produced = new ArrayList<>();
  private final List<ProducerRecord<byte[], byte[]>> changelog = new ArrayList<>();
  private boolean openWork;

  List<ProducerRecord<byte[], byte[]>> produced() {
    return produced;
  }

  List<ProducerRecord<byte[], byte[]>> changelog() {
    return changelog;
  }

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    produced.add(record);
    openWork = true;
  }

  @Override
  public void send(TopicPartition tp, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset) {
    changelog.add(new ProducerRecord<>(tp.topic(), tp.partition(), key, value));
    openWork = true;
    if (onOffset != null) {
      onOffset.accept(changelog.size() - 1);
    }
  }

  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group, Runnable afterCommit) {
    afterCommit.run();
    openWork = false;
  }

  @Override
  public void abort() {
    openWork = false;
  }

  @Override
  public boolean hasOpenWork() {
    return openWork;
  }

  @Override
  public void close() {}
}
