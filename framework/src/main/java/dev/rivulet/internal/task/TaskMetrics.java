package dev.rivulet.internal.task;

import static dev.rivulet.api.runtime.RivuletMetricNames.END_TO_END_LATENCY;
import static dev.rivulet.api.runtime.RivuletMetricNames.LAG;
import static dev.rivulet.api.runtime.RivuletMetricNames.POSITIONS_CORRECTED;
import static dev.rivulet.api.runtime.RivuletMetricNames.PROCESSING_LATENCY;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_DEAD_LETTERED;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_IN;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_OUT;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_SKIPPED;
import static dev.rivulet.api.runtime.RivuletMetricNames.RESTORED;
import static dev.rivulet.api.runtime.RivuletMetricNames.RESTORE_REMAINING;
import static dev.rivulet.api.runtime.RivuletMetricNames.TIMERS_FIRED;
import static dev.rivulet.api.runtime.RivuletMetricNames.WATERMARK_LAG;
import static dev.rivulet.api.runtime.RivuletMetricNames.description;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * The meters of one task (tags: processor, partition), removed when the task closes so that a
 * partition that moved to another instance stops being reported here. Latency timers are per
 * processor and stay.
 */
public final class TaskMetrics {
  private final MeterRegistry registry;
  private final Counter in;
  private final Counter out;
  private final Counter skipped;
  private final Counter deadLettered;
  private final Counter timersFired;
  private final Counter restored;
  private final Counter positionsCorrected;
  private final Timer processing;
  private final Timer endToEnd;
  private final List<Meter> taskMeters;

  private TaskMetrics(MeterRegistry registry, Tags task, Tags processor, Task<?, ?, ?> owner) {
    this.registry = registry;
    in = counter(RECORDS_IN, task);
    out = counter(RECORDS_OUT, task);
    skipped = counter(RECORDS_SKIPPED, task);
    deadLettered = counter(RECORDS_DEAD_LETTERED, task);
    timersFired = counter(TIMERS_FIRED, task);
    restored = counter(RESTORED, task);
    positionsCorrected = counter(POSITIONS_CORRECTED, task);
    processing = Timer.builder(PROCESSING_LATENCY).description(description(PROCESSING_LATENCY))
        .tags(processor).publishPercentileHistogram()
        .register(registry);
    endToEnd = Timer.builder(END_TO_END_LATENCY).description(description(END_TO_END_LATENCY))
        .tags(processor).publishPercentileHistogram()
        .register(registry);
    Gauge lag = Gauge.builder(LAG, owner, t -> t.lag() < 0 ? Double.NaN : t.lag())
        .description(description(LAG)).tags(task).register(registry);
    Gauge remaining = Gauge.builder(RESTORE_REMAINING, owner, Task::remainingToRestore)
        .description(description(RESTORE_REMAINING)).tags(task).register(registry);
    Gauge watermarkLag = Gauge.builder(WATERMARK_LAG, owner, t -> t.publishedWatermark()
            == Long.MIN_VALUE ? Double.NaN : t.now() - t.publishedWatermark())
        .description(description(WATERMARK_LAG)).tags(task).baseUnit("milliseconds")
        .register(registry);
    taskMeters = List.of(in, out, skipped, deadLettered, timersFired, restored,
        positionsCorrected, lag, remaining, watermarkLag);
  }

  private Counter counter(String name, Tags tags) {
    return Counter.builder(name).description(description(name)).tags(tags).register(registry);
  }

  static TaskMetrics register(MeterRegistry registry, TaskId id, Task<?, ?, ?> owner) {
    Tags task = Tags.of("processor", id.processorId(), "partition", Integer.toString(id.partition()));
    return new TaskMetrics(registry, task, Tags.of("processor", id.processorId()), owner);
  }

  Counter positionsCorrected() {
    return positionsCorrected;
  }

  Counter in() {
    return in;
  }

  Counter out() {
    return out;
  }

  Counter skipped() {
    return skipped;
  }

  Counter deadLettered() {
    return deadLettered;
  }

  Counter timersFired() {
    return timersFired;
  }

  Counter restored() {
    return restored;
  }

  Timer processing() {
    return processing;
  }

  Timer endToEnd() {
    return endToEnd;
  }

  /** Removes the task's meters from the registry. */
  void close() {
    taskMeters.forEach(registry::remove);
  }
}
