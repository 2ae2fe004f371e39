package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.ProcessorDefinition;
import org.jspecify.annotations.Nullable;

/**
 * A processor the starter found in the application context.
 *
 * @param beanName the bean it came from ({@code @StreamProcessor} bean or
 *     {@code ProcessorDefinition} bean)
 * @param definition the definition the runtime runs
 * @param keyType the key type {@code K}, or {@code null} when it cannot be told (a
 *     {@code ProcessorDefinition} bean declared without type arguments and a custom key serde)
 */
public record StreamProcessorRegistration(
    String beanName, ProcessorDefinition<?, ?, ?> definition, @Nullable Class<?> keyType) {

  /** The processor id. */
  public String id() {
    return definition.id();
  }
}
