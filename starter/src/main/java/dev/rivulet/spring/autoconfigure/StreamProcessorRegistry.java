package dev.rivulet.spring.autoconfigure;

import java.util.List;
import java.util.Optional;

/**
 * The processors of the application: every {@link dev.rivulet.spring.StreamProcessor} bean and
 * every {@link dev.rivulet.api.ProcessorDefinition} bean, with unique ids. Immutable and
 * thread-safe; built once while the context starts.
 */
public final class StreamProcessorRegistry {

  private final List<StreamProcessorRegistration> registrations;

  /**
   * Creates a registry.
   *
   * @param registrations the processors, ids unique
   */
  public StreamProcessorRegistry(List<StreamProcessorRegistration> registrations) {
    this.registrations = List.copyOf(registrations);
  }

  /** All processors, annotated beans first, each group in bean registration order. */
  public List<StreamProcessorRegistration> registrations() {
    return registrations;
  }

  /** The processor with the given id, if any. */
  public Optional<StreamProcessorRegistration> find(String processorId) {
    return registrations.stream().filter(r -> r.id().equals(processorId)).findFirst();
  }

  /** Whether there is no processor at all. */
  public boolean isEmpty() {
    return registrations.isEmpty();
  }
}
