package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.task.RecordSink;
import dev.rivulet.internal.task.Task;
import dev.rivulet.internal.task.TaskId;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/** Creates the task of one partition of one processor, with its state manager. */
public final class TaskFactory {
  private final RivuletConfig config;
  private final StateEnvironment env;
  private final ToIntFunction<String> maxRecordBytes;
  private final LongSupplier clock;

  /**
   * @param maxRecordBytes largest output (key + value bytes) per topic
   * @param clock wall-clock time (processing time, TTLs)
   */
  public TaskFactory(RivuletConfig config, StateEnvironment env,
      ToIntFunction<String> maxRecordBytes, LongSupplier clock) {
    this.config = config;
    this.env = env;
    this.maxRecordBytes = maxRecordBytes;
    this.clock = clock;
  }

  /** A task whose stores read through {@code cache} (the worker's row cache). */
  public <K, V, O> Task<K, V, O> create(ProcessorDefinition<K, V, O> d, int partition,
      RecordSink sink, RowCache cache) {
    StateManager state = StateManager.forTask(env, config.applicationId(), d, partition, cache,
        clock);
    return new Task<>(new TaskId(d.id(), partition), d, state, sink, config.meterRegistry(),
        InternalTopics.deadLetter(config.applicationId(), d), maxRecordBytes, clock);
  }
}
