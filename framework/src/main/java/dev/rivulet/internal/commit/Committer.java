package dev.rivulet.internal.commit;

import dev.rivulet.internal.state.ChangelogSink;
import dev.rivulet.internal.task.RecordSink;
import java.util.Collection;
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
  default void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    commit(offsets, group, () -> { });
  }

  /**
   * As {@link #commit(Map, ConsumerGroupMetadata)}, and runs {@code afterCommit} (possibly on
   * another thread, always before this returns) once the commit succeeded; it never runs for a
   * failed commit. A failure of {@code afterCommit} is rethrown; the commit stands.
   */
  void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
      Runnable afterCommit);

  /**
   * Returns once nothing this worker sent earlier can still be committed or hold back the
   * changelogs' last stable offsets (under exactly-once: its producer is initialized, which
   * aborted what a previous producer left open). Restores start only after it.
   */
  default void awaitReady() {}

  /**
   * Fetches, in the background, the metadata of the topics this worker will write: a producer
   * that has never written to a topic waits for its metadata at the first send, one round trip
   * after another, which a task just handed over to this worker would otherwise spend before
   * its first commit. Best effort; returns at once.
   */
  default void prefetchMetadata(Collection<String> topics) {}

  /** Drops whatever was sent since the last commit (as far as the guarantee allows). */
  void abort();

  /**
   * Whether input offsets commit atomically with the outputs and changelog writes (a Kafka
   * transaction). Only then do the input positions recorded in the state match the group's
   * offsets, which the worker's position guard relies on.
   */
  default boolean offsetsInTransaction() {
    return false;
  }

  /** Whether something was sent since the last commit. */
  boolean hasOpenWork();

  @Override
  void close();
}
