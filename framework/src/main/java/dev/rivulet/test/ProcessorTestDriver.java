package dev.rivulet.test;

import dev.rivulet.api.Input;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.runtime.InternalTopics;
import dev.rivulet.internal.runtime.TaskFactory;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.TaskStore;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.state.ValueStateHandle;
import dev.rivulet.internal.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.rocksdb.WriteBatch;

/**
 * Runs one processor definition with no broker: the same task, state layer (real RocksDB in a
 * temporary directory) and timers as the runtime, one partition, a commit after every piped
 * record. Event time advances with piped record timestamps; processing time only with
 * {@link #advanceProcessingTime}. Not thread-safe; close it to delete its state.
 *
 * <pre>{@code
 * try (var driver = ProcessorTestDriver.of(definition)) {
 *   driver.pipe("payments", "card-1", payment, 1_000L);
 *   assertThat(driver.readOutput()).hasSize(1);
 * }
 * }</pre>
 */
public final class ProcessorTestDriver<K, V, O> implements AutoCloseable {
  private final ProcessorDefinition<K, V, O> definition;
  private final Path dir;
  private final StateEnvironment env;
  private final Task<K, V, O> task;
  private final AtomicLong clock = new AtomicLong();
  private final List<ProducerRecord<byte[], byte[]>> produced = new ArrayList<>();
  private final List<ProducerRecord<byte[], byte[]>> changelog = new ArrayList<>();
  private final RivuletConfig config;
  private long offset;

  private ProcessorTestDriver(ProcessorDefinition<K, V, O> definition) {
    this.definition = definition;
    this.config = Rivulet.builder().applicationId("test-driver").bootstrapServers("none:0")
        .processor(definition).config();
    try {
      dir = Files.createTempDirectory("rivulet-test-driver");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> storeIds = InternalTopics.storeNames(definition).stream()
        .map(s -> InternalTopics.storeId(definition.id(), s)).toList();
    env = new StateEnvironment(dir, storeIds, 8 << 20, 8 << 20);
    task = new TaskFactory(config, env, topic -> Integer.MAX_VALUE, clock::get)
        .create(definition, 0, produced::add, new RowCache(config.stateCacheBytes()));
    task.transitionTo(TaskState.RESTORING);
    task.restored();
    task.transitionTo(TaskState.RUNNING);
  }

  /** A driver for {@code definition}. */
  public static <K, V, O> ProcessorTestDriver<K, V, O> of(ProcessorDefinition<K, V, O> d) {
    return new ProcessorTestDriver<>(d);
  }

  /** Pipes a record with event time = current processing time. */
  public void pipe(String topic, K key, @Nullable V value) {
    pipe(topic, key, value, clock.get());
  }

  /** Pipes a record with an explicit timestamp, then fires due timers and commits. */
  public void pipe(String topic, @Nullable K key, @Nullable V value, long timestamp) {
    pipe(topic, key, value, timestamp, new RecordHeaders());
  }

  /** Pipes a record with headers. */
  @SuppressWarnings("unchecked")
  public void pipe(String topic, @Nullable K key, @Nullable V value, long timestamp,
      Headers headers) {
    Input<K, ? extends V> input = definition.inputs().stream()
        .filter(i -> i.topic().equals(topic)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(topic + " is not an input"));
    byte[] k = key == null ? null : definition.keySerde().serializer().serialize(topic, key);
    byte[] v = value == null ? null
        : ((Serde<V>) input.valueSerde()).serializer().serialize(topic, value);
    pipeRaw(topic, k, v, timestamp, headers);
  }

  /** Pipes raw bytes (for bad-input tests). */
  public void pipeRaw(String topic, byte @Nullable [] key, byte @Nullable [] value, long timestamp,
      Headers headers) {
    task.process(new ConsumerRecord<>(topic, 0, offset++, timestamp, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers,
        Optional.empty()));
    fireAndCommit();
  }

  /** Moves the processing-time clock forward, firing due processing-time timers. */
  public void advanceProcessingTime(Duration by) {
    clock.addAndGet(by.toMillis());
    fireAndCommit();
  }

  /** Sets the processing-time clock (epoch millis); must not go back. */
  public void setProcessingTime(long epochMillis) {
    if (epochMillis < clock.get()) {
      throw new IllegalArgumentException("processing time cannot go back");
    }
    clock.set(epochMillis);
    fireAndCommit();
  }

  public long processingTime() {
    return clock.get();
  }

  /** The task's current watermark. */
  public long watermark() {
    return task.watermark();
  }

  private void fireAndCommit() {
    while (task.fireTimers(10_000) > 0) {
      // keep firing: timers may register timers that are already due
    }
    task.prepareCommit((tp, key, value, onOffset) -> {
      changelog.add(new ProducerRecord<>(tp.topic(), tp.partition(), key, value));
      if (onOffset != null) {
        onOffset.accept(changelog.size() - 1);
      }
    });
    try (WriteBatch batch = new WriteBatch()) {
      task.committed(batch, clock.get());
      env.write(batch, true);
    }
  }

  /** Default-output records emitted since the last read. */
  public List<TestRecord<K, O>> readOutput() {
    if (definition.output() == null) {
      throw new IllegalStateException("Processor has no default output");
    }
    return read(definition.output(), definition.keySerde(), definition.outputValueSerde());
  }

  /** Records emitted to a named output since its last read. */
  public <OK, OV> List<TestRecord<OK, OV>> readOutput(Output<OK, OV> output) {
    return read(output.topic(), output.keySerde(), output.valueSerde());
  }

  private <OK, OV> List<TestRecord<OK, OV>> read(String topic, Serde<OK> ks, Serde<OV> vs) {
    List<TestRecord<OK, OV>> out = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> r : produced) {
      if (r.topic().equals(topic)) {
        out.add(new TestRecord<>(topic, ks.deserializer().deserialize(topic, r.key()),
            vs.deserializer().deserialize(topic, r.value()), r.timestamp(), r.headers()));
      }
    }
    produced.removeIf(r -> r.topic().equals(topic));
    return out;
  }

  /** Raw records sent to the dead-letter topic (not consumed by reading). */
  public List<ProducerRecord<byte[], byte[]>> deadLetters() {
    String topic = InternalTopics.deadLetter(config.applicationId(), definition);
    return produced.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  /** Changelog records written so far (all stores, in commit order). */
  public List<ProducerRecord<byte[], byte[]>> changelog() {
    return List.copyOf(changelog);
  }

  /** The committed value of a key's value state. */
  public <T> @Nullable T state(ValueStateSpec<T> spec, K key) {
    byte[] k = definition.keySerde().serializer().serialize(definition.inputTopics().get(0), key);
    TaskStore store = new TaskStore(env, InternalTopics.storeId(definition.id(), spec.name()),
        spec.name(), new TopicPartition(
            InternalTopics.changelog(config.applicationId(), definition.id(), spec.name()), 0));
    long ttl = spec.ttl() == null ? 0 : spec.ttl().toMillis();
    return new ValueStateHandle<>(new TtlStore(store, ttl, clock::get), spec.serde(), k).get();
  }

  /** Meter registry of the driver's task (skipped, dead-lettered, timers fired...). */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return config.meterRegistry();
  }

  @Override
  public void close() {
    env.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}
