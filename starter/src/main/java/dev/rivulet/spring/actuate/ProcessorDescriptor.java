package dev.rivulet.spring.actuate;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One processor of the runtime.
 *
 * @param id the processor id
 * @param inputs its co-partitioned input topics
 * @param output its default output topic, or {@code null}
 * @param namedOutputs topics of its named outputs, by output name
 * @param stores its stores
 * @param errorPolicy what happens to records it cannot process
 * @param deadLetterTopic where bad records go under {@link ErrorPolicy#DEAD_LETTER}, else
 *     {@code null}
 * @param paused whether this instance owns tasks of it and all are paused
 */
public record ProcessorDescriptor(
    String id,
    List<String> inputs,
    @Nullable String output,
    Map<String, String> namedOutputs,
    List<StoreDescriptor> stores,
    ErrorPolicy errorPolicy,
    @Nullable String deadLetterTopic,
    boolean paused) {

  public ProcessorDescriptor {
    inputs = List.copyOf(inputs);
    namedOutputs = Map.copyOf(namedOutputs);
    stores = List.copyOf(stores);
  }

  /** The descriptor of a definition run under {@code applicationId}. */
  public static ProcessorDescriptor of(String applicationId, ProcessorDefinition<?, ?, ?> d,
      List<TaskInfo> tasks) {
    Map<String, String> named = new TreeMap<>();
    for (Output<?, ?> out : d.namedOutputs().values()) {
      named.put(out.name(), out.topic());
    }
    List<TaskInfo> own = tasks.stream()
        .filter(t -> t.processorId().equals(d.id()) && !t.state().isReplica()).toList();
    boolean paused = !own.isEmpty() && own.stream().allMatch(t -> t.state() == TaskState.PAUSED);
    String deadLetter = d.errorPolicy() != ErrorPolicy.DEAD_LETTER ? null
        : d.deadLetterTopic() != null ? d.deadLetterTopic() : applicationId + "-" + d.id() + "-dlq";
    List<StoreDescriptor> stores = d.stateSpecs().stream()
        .map(spec -> StoreDescriptor.of(applicationId, d.id(), spec)).toList();
    return new ProcessorDescriptor(d.id(), d.inputTopics(), d.output(), named, stores,
        d.errorPolicy(), deadLetter, paused);
  }
}
