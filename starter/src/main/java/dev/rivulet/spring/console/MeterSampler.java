package dev.rivulet.spring.console;

import static dev.rivulet.api.runtime.RivuletMetricNames.ABORTS;
import static dev.rivulet.api.runtime.RivuletMetricNames.COMMITS;
import static dev.rivulet.api.runtime.RivuletMetricNames.END_TO_END_LATENCY;
import static dev.rivulet.api.runtime.RivuletMetricNames.PROCESSING_LATENCY;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_DEAD_LETTERED;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_IN;
import static dev.rivulet.api.runtime.RivuletMetricNames.RECORDS_OUT;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns the application's cumulative Rivulet meters into the console's time series: each
 * {@link #sample()} adds one {@link MeterSample} with the rates and mean latencies since the
 * previous one to a ring of at most {@code capacity} samples (the oldest is dropped).
 *
 * <p>Deltas are taken per meter: a task's meters go away when the task is closed and come back
 * from zero on its next assignment, so a meter that disappeared contributes nothing and a new
 * one contributes all it counted. Dead letters are also totalled per processor since the
 * sampler started, which survives those reassignments.
 *
 * <p>Thread-safe: {@link #sample()} runs on the console's scheduler thread, the readers on
 * request threads.
 */
final class MeterSampler {
  private final MeterRegistry registry;
  private final LongSupplier clock;
  private final int capacity;
  private final ArrayDeque<MeterSample> samples;
  private final Map<String, Double> deadLettersByProcessor = new TreeMap<>();
  private Map<Meter.Id, Reading> previous = Map.of();
  private long previousTime = -1;

  /**
   * @param registry the application's meters
   * @param clock wall clock, epoch millis
   * @param capacity samples kept
   */
  MeterSampler(MeterRegistry registry, LongSupplier clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.registry = registry;
    this.clock = clock;
    this.capacity = capacity;
    this.samples = new ArrayDeque<>(capacity);
  }

  /** Samples the meters now; the first call only takes the baseline. */
  synchronized void sample() {
    long now = clock.getAsLong();
    Map<Meter.Id, Reading> current = new HashMap<>();
    Deltas in = counters(RECORDS_IN, current);
    Deltas out = counters(RECORDS_OUT, current);
    Deltas commits = counters(COMMITS, current);
    Deltas aborts = counters(ABORTS, current);
    Deltas deadLetters = counters(RECORDS_DEAD_LETTERED, current);
    Deltas processing = timers(PROCESSING_LATENCY, current);
    Deltas endToEnd = timers(END_TO_END_LATENCY, current);
    boolean baseline = previousTime < 0;
    double seconds = (now - previousTime) / 1000.0;
    previous = current;
    previousTime = now;
    if (baseline || seconds <= 0) {
      return; // nothing to divide by: the next sample has a rate
    }
    deadLetters.byProcessor.forEach((p, n) -> deadLettersByProcessor.merge(p, n, Double::sum));
    if (samples.size() == capacity) {
      samples.removeFirst();
    }
    samples.addLast(new MeterSample(now, in.count / seconds, out.count / seconds,
        processing.mean(), endToEnd.mean(), commits.count / seconds, aborts.count / seconds,
        deadLetters.count / seconds));
  }

  /** The samples taken after {@code time} (epoch millis), oldest first. */
  synchronized List<MeterSample> samplesAfter(long time) {
    return samples.stream().filter(s -> s.time() > time).toList();
  }

  /** Records dead-lettered per processor since the sampler started. */
  synchronized Map<String, Long> deadLetters() {
    Map<String, Long> copy = new TreeMap<>();
    deadLettersByProcessor.forEach((p, n) -> copy.put(p, Math.round(n)));
    return copy;
  }

  private Deltas counters(String name, Map<Meter.Id, Reading> current) {
    Deltas deltas = new Deltas();
    for (Meter meter : registry.find(name).meters()) {
      double count = meter instanceof Counter c ? c.count()
          : meter instanceof FunctionCounter f ? f.count() : Double.NaN;
      if (!Double.isNaN(count)) {
        Reading delta = delta(new Reading(meter, count, 0), current);
        deltas.add(meter.getId(), delta.count(), 0);
      }
    }
    return deltas;
  }

  private Deltas timers(String name, Map<Meter.Id, Reading> current) {
    Deltas deltas = new Deltas();
    for (Timer timer : registry.find(name).timers()) {
      Reading delta = delta(new Reading(timer, timer.count(),
          timer.totalTime(TimeUnit.MILLISECONDS)), current);
      deltas.add(timer.getId(), delta.count(), delta.total());
    }
    return deltas;
  }

  /** What a meter did since the previous sample; records its reading now. */
  private Reading delta(Reading reading, Map<Meter.Id, Reading> now) {
    Reading before = previous.get(reading.meter().getId());
    now.put(reading.meter().getId(), reading);
    // another instance under the same id was registered since: it counted from zero
    return before == null || before.meter() != reading.meter() ? reading
        : new Reading(reading.meter(), reading.count() - before.count(),
            reading.total() - before.total());
  }

  /** A meter's count (and total time in ms, for timers) at a sample. */
  private record Reading(Meter meter, double count, double total) {}

  /** What meters of one name did since the previous sample. */
  private static final class Deltas {
    double count;
    double totalMillis;
    final Map<String, Double> byProcessor = new HashMap<>();

    void add(Meter.Id id, double count, double totalMillis) {
      this.count += count;
      this.totalMillis += totalMillis;
      String processor = id.getTag("processor");
      if (processor != null && count > 0) {
        byProcessor.merge(processor, count, Double::sum);
      }
    }

    @Nullable Double mean() {
      return count > 0 ? totalMillis / count : null;
    }
  }
}
