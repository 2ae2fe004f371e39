package dev.rivulet.api.runtime;

/**
 * The one bridge from the API to a runtime implementation: {@link
 * RivuletBuilder#build()} finds it with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.rivulet.api.runtime.RivuletRuntimeFactory}). The framework
 * ships one; applications do not implement it.
 */
public interface RivuletRuntimeFactory {

  /**
   * Creates a runtime, not started.
   *
   * @param config the validated configuration
   * @return the runtime; the caller owns it and closes it
   */
  Rivulet create(RivuletConfig config);
}
