package dev.rivulet.internal.runtime;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.state.ValueStateHandle;
import dev.rivulet.internal.task.Task;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

/**
 * Tasks of one counting processor on real RocksDB in a temporary directory, a
 * {@link MockConsumer} as the worker's consumer (every input partition assigned, beginning 0), a
 * {@link RecordingCommitter} and the worker's {@link CommitCycle}.
 */
final class RuntimeFixture implements AutoCloseable {
  static final String APP = "app";
  static final String IN = "in";
  static final String OTHER = "other";
  static final int PARTITIONS = 4;
  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", RivuletSerdes.longs());

  /** Counts records per key and emits the count; a processing-time timer emits it again. */
  static final class Counting implements KeyedProcessor<String, String, Long> {
    boolean timers;

    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {
      long n = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(n);
      ctx.emit(n);
      if (timers) {
        ctx.timers().processingTime(ctx.currentProcessingTime() + 100);
      }
    }

    @Override
    public void onTimer(long time, KeyedContext<String, Long> ctx) {
      ctx.emit(ctx.state(COUNT).getOrDefault(0L));
    }
  }

  final Counting processor = new Counting();
  final ProcessorDefinition<String, String, Long> definition;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final StateEnvironment env;
  final AtomicLong clock = new AtomicLong(1_000);
  final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  final RecordingCommitter committer = new RecordingCommitter();
  final TaskFactory factory;
  final CommitCycle commits;
  private final RowCache cache = new RowCache(1 << 20);

  /** A processor reading {@code inputs}. */
  RuntimeFixture(Path dir, String... inputs) {
    ProcessorDefinition.Builder<String, String, Long> b =
        ProcessorDefinition.builder("count", processor).keySerde(RivuletSerdes.string())
            .output("out", RivuletSerdes.longs()).state(COUNT);
    for (String input : inputs) {
      b.input(input, RivuletSerdes.string());
    }
    definition = b.build();
    RivuletConfig config = Rivulet.builder().applicationId(APP).bootstrapServers("none:0")
        .stateDir(dir).processor(definition).meterRegistry(registry).config();
    env = new StateEnvironment(dir, StoreNames.storeIds(List.of(definition)), 1 << 20, 1 << 20);
    factory = new TaskFactory(config, env, topic -> 1 << 20, clock::get);
    List<TopicPartition> assignment = new ArrayList<>();
    Map<TopicPartition, Long> beginning = new HashMap<>();
    for (String input : inputs) {
      for (int p = 0; p < PARTITIONS; p++) {
        assignment.add(new TopicPartition(input, p));
        beginning.put(new TopicPartition(input, p), 0L);
      }
    }
    consumer.assign(assignment);
    consumer.updateBeginningOffsets(beginning);
    commits = new CommitCycle(consumer, committer, env, Timer.builder("commit").register(registry));
  }

  /** A new task, in state CREATED. */
  Task<String, String, Long> task(int partition) {
    return factory.create(definition, partition, committer, cache);
  }

  /** A task restored from what the local state holds, and running. */
  Task<String, String, Long> running(int partition) {
    Task<String, String, Long> task = task(partition);
    task.transitionTo(TaskState.RESTORING);
    task.restored();
    task.transitionTo(TaskState.RUNNING);
    return task;
  }

  /** Processes a record of {@code topic} at {@code offset} and moves the consumer past it. */
  void process(Task<?, ?, ?> task, String topic, long offset, String key) {
    int partition = task.id().partition();
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    task.process(new ConsumerRecord<>(topic, partition, offset, 100 + offset,
        TimestampType.CREATE_TIME, k.length, 1, k, new byte[] {'v'}, new RecordHeaders(),
        Optional.empty()));
    consumer.seek(new TopicPartition(topic, partition), offset + 1);
  }

  /** The count of {@code key} as the task sees it (its uncommitted writes included). */
  static @Nullable Long count(Task<?, ?, ?> task, String key) {
    return new ValueStateHandle<>(task.stateManager().store(COUNT.name()), COUNT.serde(),
        key.getBytes(StandardCharsets.UTF_8)).get();
  }

  /** The count of {@code key} in RocksDB (committed state only). */
  @Nullable Long committedCount(int partition, String key) {
    StateManager view = StateManager.readView(env, APP, definition, partition, clock::get);
    return new ValueStateHandle<>(view.store(COUNT.name()), COUNT.serde(),
        key.getBytes(StandardCharsets.UTF_8)).get();
  }

  /** A task's changelog partition of the count store, or of the timer store. */
  TopicPartition changelog(String store, int partition) {
    return StoreNames.changelog(APP, definition.id(), store, partition);
  }

  @Override
  public void close() {
    env.close();
  }
}
