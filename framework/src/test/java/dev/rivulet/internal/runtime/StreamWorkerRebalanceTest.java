package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.commit.TaskMigratedException;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.task.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A worker on a mock consumer group, for rebalance paths a real broker only hits by timing: a
 * commit of revoked partitions that fails because the worker was migrated (a stale group
 * generation, a fenced producer) must not leave the partitions the group lets it keep without a
 * task.
 */
class StreamWorkerRebalanceTest {
  private static final String APP = "app";
  private static final String IN = "in";
  private static final TopicPartition P0 = new TopicPartition(IN, 0);
  private static final TopicPartition P1 = new TopicPartition(IN, 1);
  private static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockConsumer<byte[], byte[]> restoreConsumer = new MockConsumer<>("earliest");
  private final FakeCommitter committer = new FakeCommitter();
  private @Nullable StreamWorker worker;
  private @Nullable Thread thread;
  private @Nullable StateEnvironment env;
  private @Nullable Context context;
  private final ReplicaAssignment assignment =
      new ReplicaAssignment(() -> new MemberData.Subscription(null, null, Map.of()));

  /** Counts records per key and emits the count. */
  static final class Count implements KeyedProcessor<String, String, Long> {
    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {
      long n = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(n);
      ctx.emit(n);
    }
  }

  @AfterEach
  void stop() {
    stopWorker();
    if (env != null) {
      env.close();
    }
  }

  static List<RuntimeException> failuresOfARevokeCommit() {
    return List.of(
        TaskMigratedException.staleGeneration(
            "Group generation is stale during commit: generation id is not valid", null),
        new TimeoutException("Timeout expired after 10000 ms while awaiting AddOffsetsToTxn"));
  }

  @ParameterizedTest
  @MethodSource("failuresOfARevokeCommit")
  void aCommitOfRevokedPartitionsThatFailsAsMigratedOrTimedOutRejoinsSoKeptPartitionsRunAgain(
      RuntimeException failure, @TempDir Path dir) {
    start(dir);
    AtomicReference<List<TopicPartition>> group = new AtomicReference<>(List.of(P0, P1));
    Thread coordinator = coordinator(group);
    try {
      awaitRunning(Set.of(0, 1));
      produce(P0, 0, "a");
      produce(P1, 0, "b");
      await(() -> committer.open.size() == 2, "both records processed");
      Task<?, ?, ?> before = task(0);

      // the group takes P1 away; the commit before revoking it fails
      consumer.schedulePollTask(() -> {
        committer.failNext.set(failure);
        group.set(List.of(P0));
        consumer.rebalance(List.of(P0));
      });
      await(() -> committer.failures == 1, "the failing commit");

      // P0 stays with this worker: it must get a task again and, from the committed state (none
      // yet), process its input exactly once
      await(() -> task(0) != before && task(1) == null && running(task(0)),
          "a new task for P0, none for P1");
      produce(P0, 0, "a"); // the mock keeps no log: what a real consumer would read again
      produce(P0, 1, "a");
      await(() -> committer.open.size() == 2, "P0's records processed again");
    } finally {
      coordinator.interrupt();
    }
    stopWorker(); // commits
    assertThat(committer.outputs).containsExactly("a=1", "a=2");
    assertThat(committer.offsets).isEqualTo(Map.of(P0, 2L));
  }

  @Test
  void anAssignmentWithNoPartitionsStillTellsTheRuntimeTheTaskSetIsSettled(@TempDir Path dir) {
    // an instance given only standby replicas (or nothing) must leave REBALANCING: the runtime
    // re-evaluates its state when a worker reports its task set, also an empty one
    start(dir);
    AtomicReference<List<TopicPartition>> group = new AtomicReference<>(List.of());
    Thread coordinator = coordinator(group);
    try {
      await(() -> context.changes().get() > 0, "the worker reporting its (empty) task set");
      assertThat(worker.tasks()).isEmpty();
    } finally {
      coordinator.interrupt();
    }
  }

  @Test
  void aPeriodicCommitThatMeetsTheGroupsNextGenerationWhileRejoiningKeepsTheTasks(
      @TempDir Path dir) {
    start(dir, Duration.ofMillis(50));
    Thread coordinator = coordinator(new AtomicReference<>(List.of(P0, P1)));
    try {
      awaitRunning(Set.of(0, 1));
      Task<?, ?, ?> p0 = task(0);
      Task<?, ?, ?> p1 = task(1);

      // the consumer starts rejoining; all members join before it learns the new generation,
      // so the next commit carries the old one
      assignment.subscription();
      processWithStaleCommit();
      produce(P0, 0, "a"); // read again after the rewind (the mock keeps no log)
      await(() -> committer.open.size() == 1, "the interval redone");
      assertThat(task(0)).as("tasks kept: the join's assignment says what moves").isSameAs(p0);
      assertThat(task(1)).isSameAs(p1);
      assertThat(committer.outputs).as("no commit until the join completes").isEmpty();

      assignment.assigned(Set.of(), Set.of(), false);
      await(() -> committer.outputs.size() == 1, "the commit after the join");
    } finally {
      coordinator.interrupt();
    }
    stopWorker();
    assertThat(committer.outputs).containsExactly("a=1");
    assertThat(committer.offsets).containsEntry(P0, 1L);
  }

  @Test
  void aPeriodicCommitWithAStaleGenerationOutsideARejoinClosesTheTasksAndRejoins(
      @TempDir Path dir) {
    start(dir, Duration.ofMillis(50));
    Thread coordinator = coordinator(new AtomicReference<>(List.of(P0, P1)));
    try {
      awaitRunning(Set.of(0, 1));
      Task<?, ?, ?> p0 = task(0);

      // left behind by the group (e.g. stalled past max.poll.interval.ms): not rejoining
      processWithStaleCommit();
      await(() -> task(0) != p0 && running(task(0)), "a new task for P0 after the rejoin");
    } finally {
      coordinator.interrupt();
    }
  }

  /** Processes a record of P0 whose periodic commit fails with a stale group generation. */
  private void processWithStaleCommit() {
    committer.failNext.set(TaskMigratedException.staleGeneration(
        "Group generation is stale during commit: generation id is not valid", null));
    produce(P0, 0, "a");
    await(() -> committer.failures == 1, "the stale commit");
  }

  private void stopWorker() {
    if (worker != null) {
      worker.stop();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
  }

  private void start(Path dir) {
    start(dir, Duration.ofHours(1));
  }

  private void start(Path dir, Duration commitInterval) {
    ProcessorDefinition<String, String, Long> d = ProcessorDefinition.builder("count", new Count())
        .keySerde(RivuletSerdes.string()).input(IN, RivuletSerdes.string())
        .output("out", RivuletSerdes.json(Long.class)).state(COUNT).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RivuletConfig config = Rivulet.builder().applicationId(APP).bootstrapServers("unused:9092")
        .guarantee(ProcessingGuarantee.EXACTLY_ONCE).commitInterval(commitInterval)
        .stateDir(dir).memory(1 << 20, 1 << 20).stateCache(1 << 20).startupTimeout(Duration.ofSeconds(10))
        .createTopics(false).replicationFactor((short) 1).processor(d).meterRegistry(registry).config();
    List<String> storeIds = new ArrayList<>();
    Map<TopicPartition, Long> changelogs = new HashMap<>();
    for (String store : StoreNames.storeNames(d)) {
      storeIds.add(StoreNames.storeId(d.id(), store));
      for (int p = 0; p < 2; p++) {
        changelogs.put(new TopicPartition(StoreNames.changelog(APP, d.id(), store), p), 0L);
      }
    }
    env = new StateEnvironment(dir.resolve("state"), storeIds, 1 << 20, 1 << 20);
    restoreConsumer.updateBeginningOffsets(changelogs);
    restoreConsumer.updateEndOffsets(changelogs);
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    context = new Context(config, new AtomicInteger());
    TaskFactory factory = new TaskFactory(config, env, topic -> 1 << 20, System::currentTimeMillis);
    worker = new StreamWorker("w", context, consumer, committer,
        new Restorer(restoreConsumer, env, List.of()), env, factory,
        Timer.builder("commit").register(registry), Counter.builder("fences").register(registry),
        new WorkerReplicas(new StandbyTasks(new MockConsumer<>("earliest"), env, config,
            new ActiveClaims(), Map.of(d.id(), 2)), assignment, new ActiveClaims(),
            Duration.ofSeconds(30), Duration.ofSeconds(5)));
    thread = new Thread(worker);
    thread.start();
  }

  /** Plays the group: a subscribed worker with nothing assigned gets the group's partitions. */
  private Thread coordinator(AtomicReference<List<TopicPartition>> partitions) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        consumer.schedulePollTask(() -> {
          if (!consumer.subscription().isEmpty() && consumer.assignment().isEmpty()) {
            consumer.rebalance(partitions.get());
          }
        });
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void produce(TopicPartition tp, long offset, String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(tp.topic(),
        tp.partition(), offset, System.currentTimeMillis(), TimestampType.CREATE_TIME, k.length, 1,
        k, new byte[] {'v'}, new RecordHeaders(), Optional.empty())));
  }

  private void awaitRunning(Set<Integer> partitions) {
    await(() -> {
      Set<Integer> running = new java.util.HashSet<>();
      for (Task<?, ?, ?> t : worker.tasks()) {
        if (t.state() == TaskState.RUNNING) {
          running.add(t.id().partition());
        }
      }
      return running.equals(partitions);
    }, "tasks running on partitions " + partitions);
  }

  private @Nullable Task<?, ?, ?> task(int partition) {
    for (Task<?, ?, ?> t : worker.tasks()) {
      if (t.id().partition() == partition) {
        return t;
      }
    }
    return null;
  }

  private static boolean running(@Nullable Task<?, ?, ?> task) {
    return task != null && task.state() == TaskState.RUNNING;
  }

  private void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        StringBuilder tasks = new StringBuilder();
        worker.tasks().forEach(t -> tasks.append(' ').append(t.id()).append(':').append(t.state()));
        throw new AssertionError("timed out waiting for " + what + "; tasks:" + tasks);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private record Context(RivuletConfig config, AtomicInteger changes) implements WorkerContext {
    @Override
    public boolean isPaused(String processorId) {
      return false;
    }

    @Override
    public boolean awaitTopicsChecked() {
      return true;
    }

    @Override
    public void tasksChanged() {
      changes.incrementAndGet();
    }

    @Override
    public void fatal(String worker, Throwable error) {
      throw new AssertionError("worker failed", error);
    }

    @Override
    public void workerStopped(String worker) {}

    @Override
    public java.util.function.Predicate<java.util.Collection<TopicPartition>> openTransactions() {
      return changelogs -> false;
    }
  }
}
