package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.state.ValueStateHandle;
import dev.rivulet.internal.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One task of one processor run without a broker, through the runtime's own parts: the task
 * factory and state manager, real RocksDB in a temporary directory, and the worker's
 * {@link CommitCycle} with a committer that keeps records in memory. The one bridge from
 * {@code ProcessorTestDriver} (artifact {@code rivulet-test}) into the runtime.
 *
 * <p>Not thread-safe; close it to delete its state.
 */
public final class LocalTaskRunner<K, V, O> implements AutoCloseable {
  private static final int PARTITION = 0;

  private final ProcessorDefinition<K, V, O> definition;
  private final RivuletConfig config;
  private final Path dir;
  private final StateEnvironment env;
  private final Task<K, V, O> task;
  private final AtomicLong clock = new AtomicLong();
  private final LocalCommitter committer = new LocalCommitter();
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final CommitCycle commits;

  /** Opens the task's state in a new temporary directory; the task is running at once. */
  public LocalTaskRunner(ProcessorDefinition<K, V, O> definition) {
    this.definition = definition;
    this.config = Rivulet.builder().applicationId("test-driver").bootstrapServers("none:0")
        .processor(definition).config();
    try {
      dir = Files.createTempDirectory("rivulet-test-driver");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env = new StateEnvironment(dir, StoreNames.storeIds(List.of(definition)), 8 << 20, 8 << 20);
    task = new TaskFactory(config, env, topic -> Integer.MAX_VALUE, clock::get)
        .create(definition, PARTITION, committer, new RowCache(config.stateCacheBytes()));
    task.acceptAnyEventTime(); // the driver's clock is the test's, not the wall clock
    consumer.assign(task.inputs());
    Map<TopicPartition, Long> beginning = new HashMap<>();
    task.inputs().forEach(tp -> beginning.put(tp, 0L));
    consumer.updateBeginningOffsets(beginning);
    commits = new CommitCycle(consumer, committer, env,
        Timer.builder("rivulet.test-driver.commit").register(config.meterRegistry()));
    task.transitionTo(TaskState.RESTORING);
    task.restored();
    task.transitionTo(TaskState.RUNNING);
  }

  /** The processor's partition in this runner. */
  public int partition() {
    return PARTITION;
  }

  /** Processes one record of an input topic (its offset is its topic's next). */
  public void process(ConsumerRecord<byte[], byte[]> record) {
    task.process(record);
    consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
  }

  /** Fires every due timer (timers may register due timers), then commits. */
  public void fireTimersAndCommit() {
    while (task.fireTimers(10_000) > 0) {
      // keep firing: timers may register timers that are already due
    }
    commits.commit(List.of(task));
  }

  /** The processing-time clock (epoch millis). */
  public AtomicLong clock() {
    return clock;
  }

  public long watermark() {
    return task.watermark();
  }

  /** Records sent to output and dead-letter topics, in order; the caller may remove them. */
  public List<ProducerRecord<byte[], byte[]>> produced() {
    return committer.produced();
  }

  /** Changelog records sent so far, all stores, in order. */
  public List<ProducerRecord<byte[], byte[]>> changelog() {
    return List.copyOf(committer.changelog());
  }

  /** The processor's dead-letter topic. */
  public String deadLetterTopic() {
    return InternalTopics.deadLetter(config.applicationId(), definition);
  }

  /**
   * The committed value of a key (serialized) in a value state, read as the runtime's queries
   * do.
   */
  public <T> @Nullable T committedValue(ValueStateSpec<T> spec, byte[] key) {
    StateSpec declared = definition.stateSpecs().stream()
        .filter(s -> s.name().equals(spec.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Processor '" + definition.id()
            + "' declares no state '" + spec.name() + "'"));
    if (!(declared instanceof ValueStateSpec<?>)) {
      throw new IllegalArgumentException("State '" + spec.name() + "' is not a value state");
    }
    TtlStore store = StateManager.readView(env, config.applicationId(), definition, PARTITION,
        clock::get).store(spec.name());
    return new ValueStateHandle<>(store, spec.serde(), key).get();
  }

  /** Meters of the task (skipped, dead-lettered, timers fired...). */
  public MeterRegistry meterRegistry() {
    return config.meterRegistry();
  }

  @Override
  public void close() {
    task.stateManager().close();
    task.transitionTo(TaskState.CLOSED);
    env.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
