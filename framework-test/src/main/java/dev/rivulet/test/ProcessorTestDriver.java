package dev.rivulet.test;

import dev.rivulet.api.Input;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.runtime.LocalTaskRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * Runs one processor definition with no broker: the same task, state manager (real RocksDB in a
 * temporary directory), timers and commit cycle as the runtime, one partition, a commit after
 * every piped record. Event time advances with piped record timestamps; processing time only with
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
  private final LocalTaskRunner<K, V, O> runner;
  private long offset;

  private ProcessorTestDriver(ProcessorDefinition<K, V, O> definition) {
    this.definition = definition;
    this.runner = new LocalTaskRunner<>(definition);
  }

  /** A driver for {@code definition}. */
  public static <K, V, O> ProcessorTestDriver<K, V, O> of(ProcessorDefinition<K, V, O> d) {
    return new ProcessorTestDriver<>(d);
  }

  /** Pipes a record with event time = current processing time. */
  public void pipe(String topic, K key, @Nullable V value) {
    pipe(topic, key, value, runner.clock().get());
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
    runner.process(new ConsumerRecord<>(topic, runner.partition(), offset++, timestamp,
        TimestampType.CREATE_TIME, key == null ? -1 : key.length,
        value == null ? -1 : value.length, key, value, headers, Optional.empty()));
    runner.fireTimersAndCommit();
  }

  /** Moves the processing-time clock forward, firing due processing-time timers. */
  public void advanceProcessingTime(Duration by) {
    runner.clock().addAndGet(by.toMillis());
    runner.fireTimersAndCommit();
  }

  /** Sets the processing-time clock (epoch millis); must not go back. */
  public void setProcessingTime(long epochMillis) {
    if (epochMillis < runner.clock().get()) {
      throw new IllegalArgumentException("processing time cannot go back");
    }
    runner.clock().set(epochMillis);
    runner.fireTimersAndCommit();
  }

  public long processingTime() {
    return runner.clock().get();
  }

  /** The task's current watermark. */
  public long watermark() {
    return runner.watermark();
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
    List<ProducerRecord<byte[], byte[]>> produced = runner.produced();
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
    String topic = runner.deadLetterTopic();
    return runner.produced().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  /** Changelog records written so far (all stores, in commit order). */
  public List<ProducerRecord<byte[], byte[]>> changelog() {
    return runner.changelog();
  }

  /**
   * The committed value of a key's value state.
   *
   * @throws IllegalArgumentException if the processor declares no value state of that name
   */
  public <T> @Nullable T state(ValueStateSpec<T> spec, K key) {
    byte[] k = definition.keySerde().serializer().serialize(definition.inputTopics().get(0), key);
    return runner.committedValue(spec, k);
  }

  /** Meter registry of the driver's task (skipped, dead-lettered, timers fired...). */
  public MeterRegistry meterRegistry() {
    return runner.meterRegistry();
  }

  @Override
  public void close() {
    runner.close();
  }
}
