package dev.rivulet.internal.commit;

import dev.rivulet.internal.state.ChangelogSink;
import dev.rivulet.internal.task.RecordSink;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's only way to write to Kafka and commit: outputs, changelog records and input offsets.
 * The exactly-once implementation is the single owner of the transactional producer.
 *
 * <p>Confined to the worker thread (callbacks aside).
 */
public interface Committer extends RecordSink, ChangelogSink, AutoCloseable {

  /**
   * Makes everything sent since the last commit durable together with {@code offsets}.
   *
   * @throws TaskMigratedException when this worker no longer owns its tasks (fenced producer,
   *     stale group generation): close all tasks without committing and rejoin
   * @throws CommitAbortedException when the commit failed but the worker still owns its tasks:
   *     the transaction was aborted; rewind to the committed offsets
   */
  void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group);

  /** Drops whatever was sent since the last commit (as far as the guarantee allows). */
  void abort();

  /** Whether something was sent since the last commit. */
  boolean hasOpenWork();

  @Override
  void close();
}
