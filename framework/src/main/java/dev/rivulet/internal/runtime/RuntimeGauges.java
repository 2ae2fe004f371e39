package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StoreNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The runtime's gauges: estimated state size per store, and tasks per state. */
final class RuntimeGauges {
  private RuntimeGauges() {}

  /** Registers them once per runtime, when its state is open; they read on each scrape. */
  static void register(RivuletConfig config, StateEnvironment env, Rivulet runtime) {
    MeterRegistry registry = config.meterRegistry();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      for (String store : StoreNames.storeNames(d)) {
        var family = env.family(StoreNames.storeId(d.id(), store));
        Gauge.builder(RivuletMetricNames.STATE_SIZE, env, e -> e.estimatedBytes(family))
            .description(RivuletMetricNames.description(RivuletMetricNames.STATE_SIZE))
            .tags("processor", d.id(), "store", store).baseUnit("bytes").register(registry);
      }
    }
    for (TaskState s : TaskState.values()) {
      Gauge.builder(RivuletMetricNames.TASKS, runtime,
              r -> r.tasks().stream().filter(t -> t.state() == s).count())
          .description(RivuletMetricNames.description(RivuletMetricNames.TASKS))
          .tags("state", s.name()).register(registry);
    }
  }
}
