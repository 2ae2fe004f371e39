package dev.rivulet.api.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.ops.DeadLetterRedrive;
import dev.rivulet.api.state.ValueStateSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  /** The URL this instance advertises to the others for routed queries, if configured. */
  default Optional<String> advertisedUrl() {
    return Optional.empty();
  }

  /**
   * Where a key lives: its partition and the instance that owns it, as of the last group
   * assignment this instance received (every member's assignment carries every member's URL and
   * partitions). Use it to route a query to the owner; the owner answers from
   * {@link #committedState}.
   */
  default <K> KeyLocation locate(String processorId, K key) {
    return new KeyLocation(processorId, partitionFor(processorId, key), null, false);
  }

  /** Every instance of the application with its partitions, as of the last assignment. */
  default List<InstanceInfo> instances() {
    return List.of();
  }

  /**
   * The committed state of one of this instance's tasks, for reads from any thread; empty if the
   * partition's task is not on this instance or is still restoring.
   *
   * @throws IllegalArgumentException for an unknown processor
   */
  default <K> Optional<CommittedState<K>> committedState(String processorId, int partition) {
    return Optional.empty();
  }

  /**
   * The state of a standby (or warm-up) replica of the partition's task on this instance, for
   * stale reads (when the owner is far away, unreachable or restoring): committed state, as of
   * the changelog records the replica has applied, with {@link CommittedState#standby()} true and
   * its {@link CommittedState#lag() lag}. Empty if this instance holds no replica of the task, or
   * its replica has not caught up far enough to know its lag (it just started or starts over).
   *
   * @throws IllegalArgumentException for an unknown processor
   */
  default <K> Optional<CommittedState<K>> replicaState(String processorId, int partition) {
    return Optional.empty();
  }

  /**
   * Waits until this instance's task of {@code partition} has committed state that reflects at
   * least {@code position} (per input topic, a next offset as in
   * {@link CommittedState#position()}): read-your-writes for a caller that knows the offset of
   * its own input record (pass that offset + 1).
   *
   * @return whether the position was reached within {@code timeout} (false also if the task is
   *     not on this instance)
   * @throws InterruptedException if interrupted while waiting
   */
  default boolean awaitPosition(String processorId, int partition, Map<String, Long> position,
      Duration timeout) throws InterruptedException {
    return false;
  }

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
