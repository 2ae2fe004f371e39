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
  default void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    startCommit(offsets, group, () -> { });
    awaitCommit();
  }

  /**
   * Starts the commit of everything sent since the last commit together with {@code offsets};
   * it may finish in the background. {@code afterCommit} runs (possibly on another thread) once
   * the commit succeeded and before {@link #awaitCommit} returns; it never runs for a failed
   * commit. Until then, sends are held and go out, in order, in the next transaction. At most one
   * commit is under way at a time.
   *
   * @throws TaskMigratedException or {@link CommitAbortedException} as for {@link #commit}, if
   *     the commit fails before it could be handed off
   */
  void startCommit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
      Runnable afterCommit);

  /**
   * Returns once nothing this worker sent earlier can still be committed or hold back the
   * changelogs' last stable offsets (under exactly-once: its producer is initialized, which
   * aborted what a previous producer left open). Restores start only after it.
   */
  default void awaitReady() {}

  /** Key and value bytes of the sends held while a commit is under way. */
  default long heldBytes() {
    return 0;
  }

  /** Whether no commit is under way (the last one finished, well or not); never blocks. */
  boolean commitDone();

  /**
   * Waits for the commit under way, if any, then sends what was held meanwhile.
   *
   * @throws TaskMigratedException or {@link CommitAbortedException} as for {@link #commit}; the
   *     held sends are dropped with the failed transaction
   */
  void awaitCommit();

  /**
   * Drops whatever was sent since the last commit (as far as the guarantee allows), held sends
   * included; a commit under way is waited for first, whatever its outcome.
   */
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
