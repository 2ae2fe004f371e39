package dev.rivulet.internal.task;

import static dev.rivulet.api.RivuletMetricNames.END_TO_END_LATENCY;
import static dev.rivulet.api.RivuletMetricNames.PROCESSING_LATENCY;
import static dev.rivulet.api.RivuletMetricNames.RECORDS_DEAD_LETTERED;
import static dev.rivulet.api.RivuletMetricNames.RECORDS_IN;
import static dev.rivulet.api.RivuletMetricNames.RECORDS_OUT;
import static dev.rivulet.api.RivuletMetricNames.RECORDS_SKIPPED;
import static dev.rivulet.api.RivuletMetricNames.RESTORED;
import static dev.rivulet.api.RivuletMetricNames.TIMERS_FIRED;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/** The meters of one task (tags: processor, partition). */
public record TaskMetrics(
    Counter in,
    Counter out,
    Counter skipped,
    Counter deadLettered,
    Counter timersFired,
    Counter restored,
    Timer processing,
    Timer endToEnd) {

  public static TaskMetrics register(MeterRegistry registry, TaskId id) {
    Tags task = Tags.of("processor", id.processorId(), "partition", Integer.toString(id.partition()));
    Tags processor = Tags.of("processor", id.processorId());
    return new TaskMetrics(
        registry.counter(RECORDS_IN, task),
        registry.counter(RECORDS_OUT, task),
        registry.counter(RECORDS_SKIPPED, task),
        registry.counter(RECORDS_DEAD_LETTERED, task),
        registry.counter(TIMERS_FIRED, task),
        registry.counter(RESTORED, task),
        Timer.builder(PROCESSING_LATENCY).tags(processor).publishPercentileHistogram()
            .register(registry),
        Timer.builder(END_TO_END_LATENCY).tags(processor).publishPercentileHistogram()
            .register(registry));
  }
}
