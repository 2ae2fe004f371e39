package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.TtlStore;
import dev.rivulet.internal.state.ValueStateHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Interactive queries against this instance's committed state: which partition a key falls
 * into, and a key's value where this instance owns that partition. Reads go through each task's
 * {@link StateManager#readView read view}, so they see committed state only.
 *
 * <p>Thread-safe: any thread may query while the workers run.
 */
final class LocalQueries {
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
    boolean owned = tasks.get().stream().anyMatch(t -> t.processorId().equals(processorId)
        && t.partition() == partition && t.state() != TaskState.RESTORING);
    if (!owned) {
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
