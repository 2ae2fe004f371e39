package dev.rivulet.internal.task;

import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.state.ValueStateHandle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.rocksdb.WriteBatch;

/**
 * One processor's tasks on real RocksDB in a temporary directory, without a broker: outputs and
 * dead letters go to {@link #sent}, changelog sends are dropped, commits go straight to RocksDB.
 */
final class TaskFixture implements AutoCloseable {
  static final String APP = "app";
  static final String IN = "in";
  static final String OUT = "out";
  static final String ID = "proc";
  static final int PARTITION = 0;
  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", RivuletSerdes.longs());

  final StateEnvironment env;
  final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
  final AtomicLong clock = new AtomicLong(1_000);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Every definition of a fixture is processor {@code proc} with the store {@link #COUNT}. */
  TaskFixture(Path dir) {
    env = new StateEnvironment(dir, List.of(StoreNames.storeId(ID, COUNT.name()),
        StoreNames.storeId(ID, StoreNames.TIMER_STORE)), 1 << 20, 1 << 20);
  }

  /** A definition reading {@link #IN} (String values), with {@link #OUT} and {@link #COUNT}. */
  static ProcessorDefinition.Builder<String, String, Long> definition(
      KeyedProcessor<String, String, Long> processor) {
    return ProcessorDefinition.builder(ID, processor).keySerde(RivuletSerdes.string())
        .input(IN, RivuletSerdes.string()).output(OUT, RivuletSerdes.longs()).state(COUNT);
  }

  /** A task in CREATED state. */
  <K, V, O> Task<K, V, O> task(ProcessorDefinition<K, V, O> d) {
    return task(d, 1 << 20);
  }

  /** A task in CREATED state whose outputs and dead letters may be {@code maxRecordBytes}. */
  <K, V, O> Task<K, V, O> task(ProcessorDefinition<K, V, O> d, int maxRecordBytes) {
    StateManager state = StateManager.forTask(env, APP, d, PARTITION, new RowCache(1 << 20),
        clock::get);
    return new Task<>(new TaskId(d.id(), PARTITION), d, state, sent::add, registry,
        APP + "-" + d.id() + "-dlq", topic -> maxRecordBytes, clock::get);
  }

  /** A task restored (from nothing) and running. */
  <K, V, O> Task<K, V, O> running(ProcessorDefinition<K, V, O> d) {
    return running(d, 1 << 20);
  }

  /** A task restored (from nothing) and running, with a record size limit. */
  <K, V, O> Task<K, V, O> running(ProcessorDefinition<K, V, O> d, int maxRecordBytes) {
    Task<K, V, O> task = task(d, maxRecordBytes);
    task.transitionTo(TaskState.RESTORING);
    task.restored();
    task.transitionTo(TaskState.RUNNING);
    return task;
  }

  /** Commits the task's state to RocksDB as a successful commit would. */
  void commit(Task<?, ?, ?> task) {
    StateManager state = task.stateManager();
    state.prepareCommit((tp, key, value, onOffset) -> { }, task.watermark());
    try (WriteBatch batch = new WriteBatch()) {
      state.seal().forEach(w -> w.stageInto(batch));
      env.write(batch, true);
    }
    state.sealApplied(clock.get());
  }

  /** The count of {@code key} as the task sees it (uncommitted writes included). */
  static @Nullable Long count(Task<?, ?, ?> task, String key) {
    return new ValueStateHandle<>(task.stateManager().store(COUNT.name()), COUNT.serde(), b(key))
        .get();
  }

  double counter(String name) {
    return registry.get(name).counter().count();
  }

  static ConsumerRecord<byte[], byte[]> record(String topic, long offset, @Nullable String key,
      String value, long timestamp) {
    byte[] k = key == null ? null : b(key);
    byte[] v = b(value);
    return new ConsumerRecord<>(topic, PARTITION, offset, timestamp, TimestampType.CREATE_TIME,
        k == null ? -1 : k.length, v.length, k, v, new RecordHeaders(), Optional.empty());
  }

  static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
    return record(IN, offset, key, value, 100 + offset);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** {@code topic:key=value} of a sent record whose value is a long (the default output's). */
  static String longOutput(ProducerRecord<byte[], byte[]> r) {
    return r.topic() + ":" + s(r.key()) + "="
        + RivuletSerdes.longs().deserializer().deserialize(r.topic(), r.value());
  }

  @Override
  public void close() {
    env.close();
  }
}
