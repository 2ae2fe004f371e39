package dev.rivulet.api.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.ops.DeadLetterRedrive;
import dev.rivulet.api.state.ValueStateSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running Rivulet application instance: worker threads that consume the inputs of its
 * processors as members of the consumer group {@code applicationId}. Run several instances with
 * the same application id to scale out; partitions (tasks) spread over them.
 *
 * <pre>{@code
 * try (Rivulet rivulet = Rivulet.builder()
 *     .applicationId("counter")
 *     .bootstrapServers("localhost:9092")
 *     .processor(definition)
 *     .build()) {
 *   rivulet.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public interface Rivulet extends AutoCloseable {

  /** A new builder. */
  static RivuletBuilder builder() {
    return new RivuletBuilder();
  }

  /**
   * Validates topics (creating changelogs as needed) and starts the workers. Returns once the
   * workers run; tasks restore in the background.
   *
   * @throws RivuletConfigException for missing or mismatched topics or an unreachable broker
   */
  void start();

  /** Current lifecycle state. */
  RuntimeState state();

  /** The application id (consumer group). */
  String applicationId();

  /** Number of worker threads. */
  int threads();

  /** The error that stopped a worker (the runtime is then in {@code ERROR}), if any. */
  Optional<Throwable> fatalError();

  /** Whether {@link #pause} was called for the processor (and not yet resumed). */
  boolean isPaused(String processorId);

  /** Snapshots of the tasks this instance owns. */
  List<TaskInfo> tasks();

  /** The processors this runtime runs. */
  List<ProcessorDefinition<?, ?, ?>> processors();

  /** Whether every assigned task finished restoring (readiness). */
  boolean allTasksRunning();

  /**
   * Reads the committed value of a key's value state on this instance (interactive query).
   * Empty when the key's partition is not owned here or the key has no value.
   */
  <K, T> Optional<T> query(String processorId, ValueStateSpec<T> spec, K key);

  /** Which partition a key of a processor's input falls into. */
  <K> int partitionFor(String processorId, K key);

  /**
   * A redrive of the processor's dead-letter topic, preconfigured with this runtime's connection
   * and the processor filter; add filters and call {@code run()}.
   */
  DeadLetterRedrive.Builder deadLetterRedrive(String processorId);

  /** Stops consuming the processor's inputs (tasks move to PAUSED); state stays queryable. */
  void pause(String processorId);

  /** Resumes a paused processor. */
  void resume(String processorId);

  /**
   * Stops gracefully: the open transaction commits (or aborts if it cannot), stores close
   * cleanly, the group is left. Waits at most {@code timeout}.
   */
  void close(Duration timeout);

  /** {@link #close(Duration)} with a 30 second timeout. */
  @Override
  default void close() {
    close(Duration.ofSeconds(30));
  }
}
