package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.StateNotServedException;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.state.ValueStateHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Interactive queries against this instance's committed state: which partition a key falls
 * into, a key's value where this instance owns that partition, a view of a task's committed
 * state, and waiting for a task's committed position (read-your-writes). Reads go through each
 * task's {@link StateManager#readView read view}, so they see committed state only.
 *
 * <p>Thread-safe: any thread may query while the workers run.
 */
final class LocalQueries {
  private static final long POLL_MILLIS = 10;
  private final RivuletConfig config;
  private final Map<String, Integer> partitions;
  private final Supplier<@Nullable StateEnvironment> env;
  private final Supplier<List<TaskInfo>> tasks;

  /**
   * @param partitions input partition count per processor id, filled once topics are checked
   * @param env the instance's state, or null before start and after close
   * @param tasks snapshots of the tasks this instance owns
   */
  LocalQueries(RivuletConfig config, Map<String, Integer> partitions,
      Supplier<@Nullable StateEnvironment> env, Supplier<List<TaskInfo>> tasks) {
    this.config = config;
    this.partitions = partitions;
    this.env = env;
    this.tasks = tasks;
  }

  /** The committed value of a key in a value store, if this instance owns its partition. */
  <K, T> Optional<T> value(String processorId, ValueStateSpec<T> spec, K key) {
    ProcessorDefinition<K, ?, ?> d = definition(processorId);
    StateEnvironment e = env.get();
    if (e == null) {
      return Optional.empty();
    }
    byte[] keyBytes = d.keySerde().serializer().serialize(d.inputTopics().get(0), key);
    int partition = partitionOf(processorId, keyBytes);
    if (!serving(processorId, partition)) {
      return Optional.empty();
    }
    // the declared spec decides the stored layout (TTL prefix), whatever the caller passed
    if (!(declaredState(d, spec.name()) instanceof ValueStateSpec<?>)) {
      throw new IllegalArgumentException("State '" + spec.name() + "' of processor '"
          + processorId + "' is not a value state");
    }
    TtlStore view = StateManager.readView(e, config.applicationId(), d, partition,
        System::currentTimeMillis).store(spec.name());
    return Optional.ofNullable(new ValueStateHandle<>(view, spec.serde(), keyBytes).get());
  }

  private static StateSpec declaredState(ProcessorDefinition<?, ?, ?> d, String name) {
    return d.stateSpecs().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Processor '" + d.id()
            + "' declares no state '" + name + "'"));
  }

  /** Where a key lives: its partition and owner, this instance if it runs the task. */
  <K> KeyLocation locate(String processorId, K key, InstanceDirectory directory) {
    int partition = partitionFor(processorId, key);
    boolean local = tasks.get().stream().anyMatch(t -> t.processorId().equals(processorId)
        && t.partition() == partition && !t.state().isReplica());
    String owner = local && config.advertisedUrl() != null ? config.advertisedUrl()
        : directory.ownerOf(partition);
    return new KeyLocation(processorId, partition, owner, local);
  }

  /** A view of a task's committed state, if the task is here and past its restore. */
  <K> Optional<CommittedState<K>> committedState(String processorId, int partition) {
    ProcessorDefinition<K, ?, ?> d = definition(processorId);
    StateEnvironment e = env.get();
    if (e == null || !serving(processorId, partition)) {
      return Optional.empty();
    }
    StateManager state = StateManager.readView(e, config.applicationId(), d, partition,
        System::currentTimeMillis);
    return Optional.of(new CommittedStateView<>(d, partition, state,
        () -> env.get() == e && serving(processorId, partition), null));
  }

  /**
   * A view of a standby replica's state, if this instance has one whose lag is known (the
   * replica follows its changelogs). The replica applies committed changelog batches atomically,
   * with their positions, so a read sees committed state, possibly behind the owner's.
   */
  <K> Optional<CommittedState<K>> replicaState(String processorId, int partition) {
    ProcessorDefinition<K, ?, ?> d = definition(processorId);
    StateEnvironment e = env.get();
    if (e == null || replicaLag(processorId, partition) < 0) {
      return Optional.empty();
    }
    StateManager state = StateManager.readView(e, config.applicationId(), d, partition,
        System::currentTimeMillis);
    return Optional.of(new CommittedStateView<>(d, partition, state,
        () -> env.get() == e && replicaLag(processorId, partition) >= 0,
        () -> replicaLag(processorId, partition)));
  }

  /** The lag of this instance's replica of the task, or -1 (none, or lag not known yet). */
  private long replicaLag(String processorId, int partition) {
    return tasks.get().stream().filter(t -> t.processorId().equals(processorId)
            && t.partition() == partition && t.state().isReplica())
        .mapToLong(TaskInfo::lag).findFirst().orElse(-1);
  }

  /** Whether the task of the partition is here and running (or paused): restored state. */
  private boolean serving(String processorId, int partition) {
    return tasks.get().stream().anyMatch(t -> t.processorId().equals(processorId)
        && t.partition() == partition
        && (t.state() == TaskState.RUNNING || t.state() == TaskState.PAUSED));
  }

  /** Polls the task's committed position until it reaches {@code position} or time is up. */
  boolean awaitPosition(String processorId, int partition, Map<String, Long> position,
      Duration timeout) throws InterruptedException {
    for (String topic : position.keySet()) {
      if (!definition(processorId).inputTopics().contains(topic)) {
        throw new IllegalArgumentException("'" + topic + "' is not an input of processor '"
            + processorId + "'");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Optional<CommittedState<Object>> state = committedState(processorId, partition);
        if (state.isPresent() && reached(state.get().position(), position)) {
          return true;
        }
      } catch (StateNotServedException moved) {
        // the task left between the look-up and the read: not reached here
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS); // commits land every commit interval (100 ms by default)
    }
  }

  private static boolean reached(Map<String, Long> committed, Map<String, Long> wanted) {
    return wanted.entrySet().stream()
        .allMatch(w -> committed.getOrDefault(w.getKey(), -1L) >= w.getValue());
  }

  /** The input partition a key of the processor falls into. */
  <K> int partitionFor(String processorId, K key) {
    ProcessorDefinition<K, ?, ?> d = definition(processorId);
    return partitionOf(processorId,
        d.keySerde().serializer().serialize(d.inputTopics().get(0), key));
  }

  private int partitionOf(String processorId, byte[] keyBytes) {
    Integer count = partitions.get(processorId);
    if (count == null) {
      throw new IllegalStateException("Runtime not started");
    }
    return Utils.toPositive(Utils.murmur2(keyBytes)) % count;
  }

  /** The processor's definition; an unknown id throws. */
  @SuppressWarnings("unchecked")
  <K> ProcessorDefinition<K, ?, ?> definition(String processorId) {
    return (ProcessorDefinition<K, ?, ?>) config.processors().stream()
        .filter(d -> d.id().equals(processorId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No processor '" + processorId + "'"));
  }
}
