package dev.rivulet.internal.commit;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's transactional producer through its life: created and initialized on the commit
 * thread ({@code initTransactions} fences the previous incarnation of the transactional id and
 * aborts the transaction it left open), replaced at once when dropped, closed at the end.
 *
 * <p>Confined to the worker thread; only the initialization runs on the commit thread, after the
 * commit work submitted before it.
 */
final class ProducerSlot {
  private static final Logger log = LoggerFactory.getLogger(ProducerSlot.class);

  private final Supplier<Producer<byte[], byte[]>> factory;
  private final ExecutorService commitThread;
  private @Nullable Producer<byte[], byte[]> producer;
  /** The next producer while it initializes on the commit thread; null once taken. */
  private @Nullable Future<Producer<byte[], byte[]>> initializing;
  /** The producer whose {@code initTransactions} is running on the commit thread, if any. */
  private volatile @Nullable Producer<byte[], byte[]> inInit;

  /** Starts initializing the first producer right away (while the worker joins its group). */
  ProducerSlot(Supplier<Producer<byte[], byte[]>> factory, ExecutorService commitThread) {
    this.factory = factory;
    this.commitThread = commitThread;
    this.initializing = commitThread.submit(this::newProducer);
  }

  private Producer<byte[], byte[]> newProducer() {
    Producer<byte[], byte[]> p = factory.get();
    inInit = p;
    try {
      p.initTransactions(); // fences our previous incarnation and aborts its open transaction
    } finally {
      inInit = null;
    }
    return p;
  }

  /**
   * The initialized producer, waiting for its initialization if needed (and re-creating it here
   * if that failed).
   */
  Producer<byte[], byte[]> get() {
    if (producer == null) {
      Future<Producer<byte[], byte[]>> next = initializing;
      if (next != null) {
        initializing = null;
        producer = Uninterruptibly.get(next);
      } else {
        producer = newProducer();
      }
    }
    return producer;
  }

  /**
   * Runs {@code action} on the commit thread with the producer, once it is initialized (after
   * the work submitted before); skipped if the initialization failed.
   */
  void onCommitThread(Consumer<Producer<byte[], byte[]>> action) {
    Producer<byte[], byte[]> current = producer;
    Future<Producer<byte[], byte[]>> next = initializing;
    commitThread.execute(() -> {
      try {
        action.accept(current != null ? current : Uninterruptibly.get(next));
      } catch (RuntimeException e) {
        log.debug("Skipped work on the producer: {}", e.toString());
      }
    });
  }

  /**
   * Drops the producer and starts initializing the next one right away: its init aborts the
   * transaction this one left open, which until then holds back the last stable offset of every
   * partition it wrote, changelogs included. A restore that read up to that offset would miss
   * what other owners committed after it.
   */
  void replace() {
    Producer<byte[], byte[]> old = producer;
    producer = null;
    if (old != null) {
      try {
        old.close(Duration.ZERO);
      } catch (KafkaException ignored) {
        // a fenced producer may fail to close cleanly; it holds nothing we need
      }
    }
    if (initializing == null) {
      initializing = commitThread.submit(this::newProducer);
    }
  }

  /**
   * Closes the producer. An initialization still under way is cut short (the producer is closed
   * under it): with the broker unreachable it would otherwise block for max.block.ms.
   */
  void close() {
    Producer<byte[], byte[]> initializingNow = inInit;
    if (producer == null && initializing != null) {
      if (initializingNow != null) {
        initializingNow.close(Duration.ZERO);
      }
      try {
        producer = Uninterruptibly.get(initializing);
      } catch (RuntimeException e) {
        log.debug("Producer initialization failed: {}", e.toString());
      }
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
