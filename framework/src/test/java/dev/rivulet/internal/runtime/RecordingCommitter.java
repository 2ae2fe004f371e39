package dev.rivulet.internal.runtime;

import dev.rivulet.internal.commit.Committer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous committer that records what it is given: outputs, changelog records (each
 * changelog partition's offsets are the indexes in its list) and the offsets of every commit.
 * The next commit can be made to fail before it starts ({@code failBeforeCommit}) or once its
 * offsets were handed over ({@code failInCommit}), or to skip its after-commit step (a crash between the Kafka commit and the RocksDB write).
 */
final class RecordingCommitter implements Committer {
  final Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> changelogs = new HashMap<>();
  final List<ProducerRecord<byte[], byte[]>> open = new ArrayList<>();
  final List<ProducerRecord<byte[], byte[]>> committed = new ArrayList<>();
  /** The offsets handed to each commit that was started, in order. */
  final List<Map<TopicPartition, Long>> commits = new ArrayList<>();
  @Nullable RuntimeException failBeforeCommit;
  @Nullable RuntimeException failInCommit;
  boolean skipAfterCommit;
  /** Runs once a commit succeeded, just before its after-commit step. */
  Runnable beforeAfterCommit = () -> { };
  int aborts;
  private boolean openWork;

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    open.add(record);
    openWork = true;
  }

  @Override
  public void send(TopicPartition tp, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset) {
    List<ProducerRecord<byte[], byte[]>> log = changelogs.computeIfAbsent(tp, t -> new ArrayList<>());
    log.add(new ProducerRecord<>(tp.topic(), tp.partition(), key, value));
    openWork = true;
    if (onOffset != null) {
      onOffset.accept(log.size() - 1);
    }
  }

  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group, Runnable afterCommit) {
    RuntimeException failure = failBeforeCommit;
    if (failure != null) {
      failBeforeCommit = null;
      abort();
      throw failure;
    }
    Map<TopicPartition, Long> plain = new HashMap<>();
    offsets.forEach((tp, o) -> plain.put(tp, o.offset()));
    commits.add(plain);
    failure = failInCommit;
    if (failure != null) {
      failInCommit = null;
      abort();
      throw failure;
    }
    beforeAfterCommit.run();
    if (!skipAfterCommit) {
      afterCommit.run();
    }
    committed.addAll(open);
    open.clear();
    openWork = false;
  }

  @Override
  public void abort() {
    open.clear();
    openWork = false;
    aborts++;
  }

  @Override
  public boolean hasOpenWork() {
    return openWork;
  }

  @Override
  public void close() {}
}
