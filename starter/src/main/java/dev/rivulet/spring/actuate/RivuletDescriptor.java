package dev.rivulet.spring.actuate;

import dev.rivulet.api.runtime.RuntimeState;
import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/rivulet} returns: the runtime of this instance.
 *
 * @param applicationId consumer group and prefix of internal topics
 * @param state the runtime's lifecycle state
 * @param threads worker threads
 * @param tasks the tasks this instance owns
 * @param processors the processors this runtime runs
 */
public record RivuletDescriptor(
    String applicationId,
    RuntimeState state,
    int threads,
    List<TaskDescriptor> tasks,
    List<ProcessorDescriptor> processors) implements OperationResponseBody {

  public RivuletDescriptor {
    tasks = List.copyOf(tasks);
    processors = List.copyOf(processors);
  }
}
