package dev.rivulet.spring;

import dev.rivulet.api.runtime.RivuletBuilder;

/**
 * Callback that adjusts the {@link RivuletBuilder} of the application's runtime after the
 * starter applied {@code rivulet.*} and {@code spring.kafka.*} and added the processors.
 * Declare any number as beans; they are applied in {@link org.springframework.core.Ordered
 * order}. Called once, on the thread creating the runtime bean.
 */
@FunctionalInterface
public interface RivuletCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, not yet built
   */
  void customize(RivuletBuilder builder);
}
