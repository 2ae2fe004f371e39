package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.RivuletRuntimeFactory;

/** Registered as the {@link RivuletRuntimeFactory} service: creates {@link RivuletRuntime}s. */
public final class DefaultRuntimeFactory implements RivuletRuntimeFactory {

  @Override
  public Rivulet create(RivuletConfig config) {
    return new RivuletRuntime(config);
  }
}
