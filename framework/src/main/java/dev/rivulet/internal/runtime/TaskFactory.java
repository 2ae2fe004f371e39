package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.TaskStore;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.task.RecordSink;
import dev.rivulet.internal.task.Task;
import dev.rivulet.internal.task.TaskId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;

/** Creates a task with its stores for one partition of one processor. */
public final class TaskFactory {
  private final String applicationId;
  private final StateEnvironment env;
  private final RivuletConfig config;
  private final ToIntFunction<String> maxRecordBytes;
  private final LongSupplier clock;

  /**
   * @param maxRecordBytes largest output (key + value bytes) per topic
   */
  public TaskFactory(RivuletConfig config, StateEnvironment env,
      ToIntFunction<String> maxRecordBytes,
      LongSupplier clock) {
    this.applicationId = config.applicationId();
    this.config = config;
    this.env = env;
    this.maxRecordBytes = maxRecordBytes;
    this.clock = clock;
  }

  public <K, V, O> Task<K, V, O> create(ProcessorDefinition<K, V, O> d, int partition,
      RecordSink sink) {
    return create(d, partition, sink, new RowCache(0));
  }

  /** A task whose stores read through {@code cache} (the worker's row cache). */
  public <K, V, O> Task<K, V, O> create(ProcessorDefinition<K, V, O> d, int partition,
      RecordSink sink, RowCache cache) {
    TaskId id = new TaskId(d.id(), partition);
    Map<String, TtlStore> stores = new HashMap<>();
    for (StateSpec spec : d.stateSpecs()) {
      long ttl = spec.ttl() == null ? 0 : spec.ttl().toMillis();
      stores.put(spec.name(), new TtlStore(store(d.id(), spec.name(), partition, cache), ttl, clock));
    }
    TaskStore timers = store(d.id(), InternalTopics.TIMER_STORE, partition, cache);
    Set<TopicPartition> inputs = new HashSet<>();
    d.inputTopics().forEach(t -> inputs.add(new TopicPartition(t, partition)));
    return new Task<>(id, d, inputs, stores, timers, sink, config.meterRegistry(),
        InternalTopics.deadLetter(applicationId, d), maxRecordBytes, clock);
  }

  private TaskStore store(String processorId, String name, int partition, RowCache cache) {
    return new TaskStore(env, InternalTopics.storeId(processorId, name), name,
        new TopicPartition(InternalTopics.changelog(applicationId, processorId, name), partition),
        cache);
  }
}
