package dev.rivulet.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exactly-once commit against a mock producer whose commit waits for the test's go-ahead. */
class TransactionOwnerTest {
  private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
      Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(7));
  private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("app");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<GatedProducer> producers = new ArrayList<>();
  private final TransactionOwner owner = new TransactionOwner(this::newProducer,
      Duration.ofSeconds(5), registry.counter("commits"), registry.counter("aborts"));

  /** A mock producer whose commitTransaction waits until {@link #gate} opens. */
  static final class GatedProducer extends MockProducer<byte[], byte[]> {
    final CountDownLatch gate = new CountDownLatch(1);
    final List<String> metadataAskedFor = new CopyOnWriteArrayList<>();

    GatedProducer(boolean autoComplete) {
      super(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
      metadataAskedFor.add(topic);
      return super.partitionsFor(topic);
    }

    @Override
    public void commitTransaction() {
      try {
        assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      super.commitTransaction();
    }
  }

  private GatedProducer newProducer() {
    GatedProducer p = new GatedProducer(true);
    synchronized (producers) {
      producers.add(p);
    }
    return p;
  }

  private GatedProducer producer(int i) {
    synchronized (producers) {
      return producers.get(i);
    }
  }

  private List<String> askedFor() {
    synchronized (producers) {
      return producers.isEmpty() ? List.of() : producers.get(0).metadataAskedFor;
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String value) {
    return new ProducerRecord<>("out", 0, null, value.getBytes());
  }

  /** Records of committed transactions. */
  private static List<String> committed(MockProducer<byte[], byte[]> p) {
    return p.history().stream().map(r -> new String(r.value())).toList();
  }

  /** Records sent in the open transaction. */
  private static List<String> open(MockProducer<byte[], byte[]> p) {
    return p.uncommittedRecords().stream().map(r -> new String(r.value())).toList();
  }

  @AfterEach
  void close() {
    producers.forEach(p -> p.gate.countDown());
    owner.close();
  }

  @Test
  void theWrittenTopicsMetadataIsFetchedOnTheCommitThreadOnceTheProducerIsReady()
      throws Exception {
    owner.prefetchMetadata(List.of("out", "app-count-changelog"));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (askedFor().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10); // the producer itself is created on the commit thread
    }
    assertThat(producer(0).metadataAskedFor).containsExactly("out", "app-count-changelog");
  }

  @Test
  void theCommitReturnsOnceTheTransactionCommittedAndItsAfterCommitStepRan() throws Exception {
    owner.send(record("first"));
    CountDownLatch afterCommit = new CountDownLatch(1);
    CompletableFuture<Void> commit = CompletableFuture.runAsync(
        () -> owner.commit(OFFSETS, GROUP, afterCommit::countDown));
    GatedProducer p = producer(0);
    Thread.sleep(200);
    assertThat(commit).isNotDone(); // the worker waits while the coordinator has not answered
    assertThat(afterCommit.getCount()).isEqualTo(1);

    p.gate.countDown();
    commit.get(10, TimeUnit.SECONDS);
    assertThat(afterCommit.getCount()).isZero();
    assertThat(p.consumerGroupOffsetsHistory()).containsExactly(Map.of("app", OFFSETS));
    assertThat(committed(p)).containsExactly("first");
    assertThat(owner.hasOpenWork()).isFalse();
    owner.send(record("second"));
    assertThat(open(p)).containsExactly("second"); // in the next transaction
    assertThat(registry.counter("commits").count()).isEqualTo(1);
  }

  @Test
  void aFailedCommitAbortsAndNeverRunsTheAfterCommitStep() {
    owner.send(record("first"));
    GatedProducer p = producer(0);
    p.commitTransactionException = new KafkaException("broker said no");
    p.gate.countDown();
    CountDownLatch afterCommit = new CountDownLatch(1);

    assertThatThrownBy(() -> owner.commit(OFFSETS, GROUP, afterCommit::countDown))
        .isInstanceOf(CommitAbortedException.class);
    assertThat(afterCommit.getCount()).isEqualTo(1);
    assertThat(committed(p)).isEmpty();
    assertThat(p.transactionAborted()).isTrue();
    assertThat(owner.hasOpenWork()).isFalse();
  }

  @Test
  void anAfterCommitStepThatFailsLeavesTheCommitStanding() {
    owner.send(record("first"));
    GatedProducer p = producer(0);
    p.gate.countDown();

    assertThatThrownBy(() -> owner.commit(OFFSETS, GROUP, () -> {
      throw new IllegalStateException("RocksDB write failed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("RocksDB write failed");
    assertThat(committed(p)).containsExactly("first");
    assertThat(owner.hasOpenWork()).isFalse();
    owner.abort(); // nothing left to abort
    assertThat(p.transactionAborted()).isFalse();
    assertThat(registry.counter("aborts").count()).isZero();
  }

  @Test
  void aFencedCommitMeansTheTasksMoved() {
    owner.send(record("first"));
    GatedProducer p = producer(0);
    p.commitTransactionException = new ProducerFencedException("newer incarnation");
    p.gate.countDown();

    assertThatThrownBy(() -> owner.commit(OFFSETS, GROUP))
        .isInstanceOf(TaskMigratedException.class);
    assertThat(owner.hasOpenWork()).isFalse();
    owner.send(record("after rejoin")); // a new producer, initialized again
    assertThat(committed(p)).isEmpty();
    assertThat(open(producer(1))).containsExactly("after rejoin");
  }

  @Test
  void aDroppedProducerIsReplacedAndInitializedBeforeAwaitReadyReturns() {
    owner.send(record("first"));
    GatedProducer p = producer(0);
    p.commitTransactionException = new ProducerFencedException("newer incarnation");
    p.gate.countDown();
    assertThatThrownBy(() -> owner.commit(OFFSETS, GROUP))
        .isInstanceOf(TaskMigratedException.class);

    // no send needed: the replacement's init (which aborts what the old one left open on the
    // broker, holding back the changelogs' stable offset) starts at once, and restores wait
    owner.awaitReady();
    assertThat(producers).hasSize(2);
    assertThat(producer(1).transactionInitialized()).isTrue();
    assertThat(p.closed()).isTrue();
  }

  @Test
  void aStaleGenerationIsAMigrationEvenWhenThePendingSendsFailedWithIt() throws Exception {
    CompletableFuture<GatedProducer> created = new CompletableFuture<>();
    AtomicInteger producersCreated = new AtomicInteger();
    TransactionOwner manual = new TransactionOwner(() -> {
      producersCreated.incrementAndGet();
      GatedProducer g = new GatedProducer(false); // sends complete when the test says
      created.complete(g);
      return g;
    }, Duration.ofSeconds(5), registry.counter("commits2"), registry.counter("aborts2"));
    try {
      manual.send(record("first"));
      GatedProducer p = created.get(10, TimeUnit.SECONDS);
      // the producer fails what is pending with the offset commit's error: no reason to stay
      assertThat(p.errorNext(new CommitFailedException("generation is not valid"))).isTrue();
      p.sendOffsetsToTransactionException = new CommitFailedException("generation is not valid");
      p.gate.countDown();

      assertThatThrownBy(() -> manual.commit(OFFSETS, GROUP))
          .isInstanceOf(TaskMigratedException.class)
          .hasMessageContaining("Group generation is stale");
      assertThat(registry.counter("aborts2").count()).isEqualTo(1);
      // aborted, and kept: a new producer would put an InitProducerId on the rebalance's path
      assertThat(p.transactionAborted()).isTrue();
      manual.send(record("next interval"));
      assertThat(open(p)).containsExactly("next interval");
      assertThat(producersCreated).hasValue(1);
    } finally {
      manual.close();
    }
  }
}
