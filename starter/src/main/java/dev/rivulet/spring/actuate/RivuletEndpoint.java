package dev.rivulet.spring.actuate;

import dev.rivulet.api.ops.DeadLetterRedrive;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import dev.rivulet.spring.query.StateKeyParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code rivulet} Actuator endpoint. Not exposed over HTTP unless the application opts in
 * ({@code management.endpoints.web.exposure.include=health,info,prometheus,rivulet}); the query
 * operation returns stored values as they are, so secure the endpoint like any other that shows
 * data.
 * <ul>
 *   <li>{@code GET /actuator/rivulet}: application id, runtime state, threads, tasks (state,
 *       restore progress, lag, watermark, last commit) and processors (inputs, outputs,
 *       stores);
 *   <li>{@code GET /actuator/rivulet/{processor}/{store}/{key}}: the committed value of a key in
 *       a value store, if this instance owns the key's partition; otherwise the partition it
 *       belongs to;
 *   <li>{@code POST /actuator/rivulet/{processor}} with {@code {"action":"pause"}} or
 *       {@code {"action":"resume"}}: pauses or resumes the processor on this instance;
 *       {@code {"action":"redrive"}} republishes its dead letters to their source topics (or to
 *       one of the processor's own inputs given as {@code target}).
 * </ul>
 * The write operation is off by default (read-only access): allow it with
 * {@code management.endpoint.rivulet.access=unrestricted}, behind the application's security.
 * Thread-safe.
 */
@Endpoint(id = "rivulet", defaultAccess = Access.READ_ONLY)
public class RivuletEndpoint {

  private final Rivulet rivulet;
  private final StateKeyParser keys;

  /**
   * Creates the endpoint.
   *
   * @param rivulet the runtime
   * @param registry the starter's processors (key types for queries), or {@code null}
   */
  public RivuletEndpoint(Rivulet rivulet, @Nullable StreamProcessorRegistry registry) {
    this.rivulet = rivulet;
    this.keys = new StateKeyParser(registry);
  }

  /** The runtime of this instance. */
  @ReadOperation
  public RivuletDescriptor rivulet() {
    List<TaskInfo> tasks = rivulet.tasks();
    String app = rivulet.applicationId();
    return new RivuletDescriptor(app, rivulet.state(), threads(tasks),
        tasks.stream().map(TaskDescriptor::of).toList(),
        rivulet.processors().stream().map(d -> ProcessorDescriptor.of(app, d, tasks)).toList());
  }

  /**
   * Reads a key's committed value in a value store on this instance.
   *
   * @param processor the processor id
   * @param store the name of one of its value stores
   * @param key the key: its text for String and number keys, else its JSON
   * @return the value, or why there is none here
   */
  @ReadOperation
  public StateQueryDescriptor query(@Selector String processor, @Selector String store,
      @Selector String key) {
    ProcessorDefinition<?, ?, ?> definition = definition(processor);
    ValueStateSpec<?> spec = valueStore(definition, store);
    Object parsedKey;
    try {
      parsedKey = keys.processorKey(definition, key);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
    }
    int partition;
    try {
      partition = rivulet.partitionFor(processor, parsedKey);
    } catch (IllegalStateException e) {
      return new StateQueryDescriptor(processor, store, key, -1, false, false, null,
          "The runtime is not started (" + rivulet.state() + ")");
    }
    Optional<TaskInfo> task = rivulet.tasks().stream()
        .filter(t -> t.processorId().equals(processor) && t.partition() == partition).findFirst();
    if (task.isEmpty()) {
      return new StateQueryDescriptor(processor, store, key, partition, false, false, null,
          "Partition " + partition + " of processor '" + processor + "' is not owned by this "
              + "instance; query the instance that owns it");
    }
    if (task.get().state() == TaskState.RESTORING || task.get().state() == TaskState.CREATED) {
      return new StateQueryDescriptor(processor, store, key, partition, false, false, null,
          "Partition " + partition + " is still restoring (" + task.get().remainingToRestore()
              + " changelog records to go); try again shortly");
    }
    Optional<?> value = rivulet.query(processor, spec, parsedKey);
    return new StateQueryDescriptor(processor, store, key, partition, true, value.isPresent(),
        value.orElse(null), value.isPresent() ? null : "No value for this key");
  }

  /**
   * Pauses or resumes a processor on this instance (its tasks stop or restart consuming; state
   * stays queryable), or redrives its dead letters back to their source topics exactly once.
   *
   * @param processor the processor id
   * @param action {@code pause}, {@code resume} or {@code redrive}
   * @param exceptionClass redrive only records that failed with this exception class
   * @param target redrive to this topic instead of each record's source topic
   * @return what was done; for a redrive the republished and passed-over counts
   */
  @WriteOperation
  public Map<String, Object> control(@Selector String processor, ProcessorAction action,
      @Nullable String exceptionClass, @Nullable String target) {
    definition(processor);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("processor", processor);
    result.put("action", action);
    switch (action) {
      case PAUSE, RESUME -> {
        if (action == ProcessorAction.PAUSE) {
          rivulet.pause(processor);
        } else {
          rivulet.resume(processor);
        }
        result.put("paused", rivulet.isPaused(processor));
        // the workers apply it at their next loop (within ~50 ms); GET shows the task states
        result.put("applied", "asynchronously: the tasks pause or resume at their workers' next "
            + "poll loop; GET /actuator/rivulet shows their states");
      }
      case REDRIVE -> {
        // the endpoint must not become a way to write anywhere: only this processor's inputs
        if (target != null && !definition(processor).inputTopics().contains(target)) {
          throw RivuletEndpointProblem.badRequest("Redrive target '" + target + "' is not an "
              + "input of processor '" + processor + "'; targets: "
              + definition(processor).inputTopics() + " (or none: each record's source topic)");
        }
        DeadLetterRedrive.Builder redrive = rivulet.deadLetterRedrive(processor);
        if (exceptionClass != null) {
          redrive.exceptionClass(exceptionClass);
        }
        if (target != null) {
          redrive.target(target);
        }
        DeadLetterRedrive.Result done = redrive.run();
        result.put("republished", done.republished());
        result.put("passedOver", done.passedOver());
      }
      default -> throw new IllegalStateException("Unknown action " + action);
    }
    return result;
  }

  /** Pauses or resumes a processor (no redrive options). */
  public Map<String, Object> control(String processor, ProcessorAction action) {
    return control(processor, action, null, null);
  }

  private ProcessorDefinition<?, ?, ?> definition(String processor) {
    return rivulet.processors().stream().filter(d -> d.id().equals(processor)).findFirst()
        .orElseThrow(() -> RivuletEndpointProblem.notFound("No processor '" + processor
            + "'; processors: "
            + rivulet.processors().stream().map(ProcessorDefinition::id).toList()));
  }

  private static ValueStateSpec<?> valueStore(ProcessorDefinition<?, ?, ?> d, String store) {
    for (StateSpec spec : d.stateSpecs()) {
      if (spec.name().equals(store)) {
        if (spec instanceof ValueStateSpec<?> value) {
          return value;
        }
        throw RivuletEndpointProblem.badRequest("Store '" + store + "' of processor '" + d.id()
            + "' is a " + spec.getClass().getSimpleName().replace("Spec", "")
            + "; only value stores can be queried here (the routed query API under "
            + "/rivulet/v1/state reads every store kind, rivulet.query.enabled=true)");
      }
    }
    throw RivuletEndpointProblem.notFound("Processor '" + d.id() + "' has no store '" + store
        + "'; stores: " + d.stateSpecs().stream().map(StateSpec::name).toList());
  }

  private int threads(List<TaskInfo> tasks) {
    return rivulet.threads();
  }

  /** What {@link #control} does to a processor. */
  public enum ProcessorAction {
    /** Stop consuming its inputs; state stays queryable. */
    PAUSE,
    /** Consume its inputs again. */
    RESUME,
    /** Republish its dead letters to their source topics, exactly once. */
    REDRIVE
  }
}
