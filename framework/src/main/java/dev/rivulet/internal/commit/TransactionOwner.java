package dev.rivulet.internal.commit;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once v2: the one owner of a worker's transactional producer. It begins a transaction on
 * the first send after a commit, and {@link #commit} adds the input offsets with the consumer's
 * group metadata (so a zombie with a stale generation is fenced by the group coordinator) and
 * commits. Nothing else in Rivulet touches the transactional producer API.
 *
 * <p>The worker waits for each commit. The commit itself runs on a commit thread
 * ({@code rivulet-commit}): the offsets travel (two round trips: to the transaction and to the
 * group coordinator) while a flush thread sends what the producer still lingers on, then
 * {@code commitTransaction} waits for the coordinator, then the caller's after-commit step runs
 * (writing the sealed state to RocksDB). The producer's initialization runs on the same thread,
 * while the worker joins its group.
 *
 * <p>Errors, as the producer's documentation prescribes: fencing and stale generations mean the
 * tasks moved ({@link TaskMigratedException}, producer replaced when fenced); a commit that times
 * out is retried (commitTransaction is resumable) until {@code commitTimeout}; any other error
 * aborts the transaction ({@link CommitAbortedException}); authorization errors are fatal.
 */
public final class TransactionOwner implements Committer {
  private static final Logger log = LoggerFactory.getLogger(TransactionOwner.class);

  private final Duration commitTimeout;
  private final Counter commits;
  private final Counter aborts;
  private final ProducerSlot producer;
  private boolean inTransaction;
  private final SendErrors sendErrors = new SendErrors();
  private final ExecutorService flusher = daemonThread("rivulet-commit-flush");
  private final ExecutorService committing = daemonThread("rivulet-commit");
  /** Whether the last commit's transaction committed (its after-commit step may still fail). */
  private volatile boolean lastCommitted;

  private static ExecutorService daemonThread(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * @param factory creates the transactional producer (again after it was fenced or failed)
   * @param commitTimeout how long a commit may take before the worker gives up on it
   */
  public TransactionOwner(Supplier<Producer<byte[], byte[]>> factory, Duration commitTimeout,
      Counter commits, Counter aborts) {
    this.commitTimeout = commitTimeout;
    this.commits = commits;
    this.aborts = aborts;
    // initTransactions (fencing the previous incarnation) takes a few coordinator round trips:
    // done on the commit thread while the worker joins its group and restores
    this.producer = new ProducerSlot(factory, committing);
  }

  private void begin() {
    if (!inTransaction) {
      producer.get().beginTransaction();
      inTransaction = true;
    }
  }

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    send(record, sendErrors);
  }

  @Override
  public void send(TopicPartition changelog, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset) {
    send(new ProducerRecord<>(changelog.topic(), changelog.partition(), key, value),
        sendErrors.reportingOffset(onOffset));
  }

  private void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    begin();
    try {
      producer.get().send(record, callback);
    } catch (KafkaException e) {
      throw classify("send to " + record.topic(), e);
    }
  }

  @Override
  public boolean hasOpenWork() {
    return inTransaction;
  }

  /** Offsets go into the transaction, with the outputs and changelog writes. */
  @Override
  public boolean offsetsInTransaction() {
    return true;
  }

  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group, Runnable afterCommit) {
    if (!inTransaction && offsets.isEmpty()) {
      afterCommit.run();
      return;
    }
    try {
      begin();
    } catch (KafkaException e) {
      throw classify("commit", e);
    }
    Producer<byte[], byte[]> p = producer.get();
    boolean withOffsets = !offsets.isEmpty();
    lastCommitted = false;
    Future<?> commit = committing.submit(() -> {
      if (withOffsets) {
        Future<?> flushed = flusher.submit(p::flush);
        try {
          p.sendOffsetsToTransaction(offsets, group);
        } finally {
          awaitFlush(flushed); // never leave a flush running: an abort may recreate the producer
        }
      }
      commitWithRetry(p);
      lastCommitted = true;
      afterCommit.run();
      return null;
    });
    try {
      Uninterruptibly.get(commit);
    } catch (KafkaException e) {
      throw classify("commit", e);
    } catch (RuntimeException e) {
      if (lastCommitted) {
        inTransaction = false; // committed; only the after-commit step failed
      }
      throw e;
    }
    inTransaction = false;
    commits.increment();
    Exception failed = sendErrors.take();
    if (failed != null) {
      // cannot happen: commitTransaction fails when a send failed; guard against silent loss
      throw new IllegalStateException("A send failed but the transaction committed", failed);
    }
  }

  /** Waits for the helper's flush; its failures surface in commitTransaction, which flushes too. */
  private static void awaitFlush(Future<?> flushed) {
    try {
      flushed.get();
    } catch (ExecutionException e) {
      log.debug("Flush before commit failed: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the worker is stopping; commitTransaction reports it
    }
  }

  private void commitWithRetry(Producer<byte[], byte[]> p) {
    long deadline = System.nanoTime() + commitTimeout.toNanos();
    while (true) {
      try {
        p.commitTransaction();
        return;
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        log.warn("Commit timed out, retrying (commitTransaction is resumable): {}", e.toString());
      }
    }
  }

  private RuntimeException classify(String what, KafkaException e) {
    if (e instanceof AuthorizationException || sendErrors.peek() instanceof AuthorizationException) {
      // fatal: the worker stops with this message, the open transaction is never committed
      return sendErrors.peek() instanceof AuthorizationException a ? a : e;
    }
    Throwable cause = e.getCause() instanceof KafkaException k ? k : e;
    Exception async = sendErrors.take();
    if (isFenced(e) || isFenced(cause) || isFenced(async)) {
      inTransaction = false;
      sendErrors.clear();
      aborts.increment();
      producer.replace();
      return new TaskMigratedException("Tasks migrated during " + what + ": " + e, e);
    }
    if (isStaleGeneration(e) || isStaleGeneration(cause) || isStaleGeneration(async)) {
      // the group moved on. The producer fails its pending sends with the same error, which is
      // no rejected record: the transaction is abortable, and the producer stays (a new one
      // would cost an InitProducerId and a coordinator lookup on the rebalance's critical
      // path; if the abort fails, abort() replaces it)
      abort();
      return TaskMigratedException.staleGeneration("Group generation is stale during " + what + ": "
          + e, e);
    }
    if (async != null) {
      // a record was rejected (the broker then also bumps the epoch): not a fence. Abort with a
      // fresh producer and rewind; repeated failures stop the worker instead of looping
      inTransaction = false;
      aborts.increment();
      producer.replace();
      return new CommitAbortedException("A send failed during " + what + " (" + async
          + "); transaction aborted", async);
    }
    abort();
    return new CommitAbortedException("Transaction aborted during " + what + ": " + e, e);
  }

  private static boolean isFenced(@Nullable Throwable e) {
    return e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException
        || e instanceof FencedInstanceIdException;
  }

  private static boolean isStaleGeneration(@Nullable Throwable e) {
    return e instanceof CommitFailedException || e instanceof IllegalGenerationException
        || e instanceof UnknownMemberIdException || e instanceof RebalanceInProgressException;
  }

  @Override
  public void abort() {
    sendErrors.clear();
    if (!inTransaction) {
      return;
    }
    inTransaction = false;
    aborts.increment();
    try {
      producer.get().abortTransaction();
    } catch (KafkaException e) {
      log.warn("Abort failed ({}); recreating the producer, which aborts on init", e.toString());
      producer.replace();
    }
  }

  /**
   * Waits until the producer is initialized, i.e. until no transaction of this worker's
   * transactional id is open any more (the init aborts it). Call before reading changelogs to
   * restore: an open transaction of ours would end the restore early.
   */
  @Override
  public void awaitReady() {
    producer.get();
  }

  @Override
  public void prefetchMetadata(Collection<String> topics) {
    producer.onCommitThread(p -> topics.forEach(p::partitionsFor));
  }

  @Override
  public void close() {
    try {
      abort();
    } finally {
      committing.shutdown();
      flusher.shutdown();
      producer.close();
    }
  }
}
