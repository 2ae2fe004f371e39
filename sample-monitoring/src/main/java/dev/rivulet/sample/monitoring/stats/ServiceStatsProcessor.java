package dev.rivulet.sample.monitoring.stats;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.MonitoringTopics;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code service-stats} processor: per service, event-time tumbling windows (1 minute) of
 * request count, error rate and latency percentiles (an HdrHistogram per window, so p50/p95/p99
 * are accurate to 1% without keeping the samples). When a window closes (the watermark has
 * passed it), its statistics go to the stats topic and its p95 and error rate are judged against
 * the service's baseline by the {@link AnomalyDetector}: latency spikes and error bursts fire once
 * and resolve once, on the alerts topic (the default output).
 *
 * <p>State: the window panes (declared by the aggregation) and the {@link ServiceBaseline}
 * ({@link #BASELINE}). Timers: the aggregation's event-time timers. One instance serves all tasks.
 */
public final class ServiceStatsProcessor
    implements KeyedProcessor<String, MetricSample, ServiceAlert> {

  /** The processor id (names its changelog topics: keep it stable). */
  public static final String ID = "service-stats";

  /** A service's baseline; expires a week (wall clock) after its last update. */
  public static final ValueStateSpec<ServiceBaseline> BASELINE =
      StateSpec.value("baseline", ServiceBaseline.class).ttl(Duration.ofDays(7));

  private final AnomalySettings settings;
  private final AnomalyDetector detector;
  private final Output<String, ServiceStats> stats;
  private final WindowedAggregation<String, MetricSample, WindowStats> windows;

  private ServiceStatsProcessor(MonitoringTopics topics, AnomalySettings settings) {
    this.settings = settings;
    this.detector = new AnomalyDetector(settings);
    this.stats = new Output<>("stats", topics.stats(), RivuletSerdes.string(),
        RivuletSerdes.json(ServiceStats.class));
    this.windows = WindowedAggregation
        .<String, MetricSample, WindowStats>of(Windows.tumbling(settings.window()))
        .aggregator(WindowStats::empty, WindowStats::add, WindowStats::merge)
        .accumulatorSerde(WindowStats.serde())
        .build();
  }

  /**
   * The definition to run: input {@code topics.metrics()}, alerts to {@code topics.alerts()},
   * statistics to {@code topics.stats()}, event time from the samples, bad samples skipped.
   */
  public static ProcessorDefinition<String, MetricSample, ServiceAlert> definition(
      MonitoringTopics topics, AnomalySettings settings) {
    ServiceStatsProcessor processor = new ServiceStatsProcessor(topics, settings);
    return processor.windows.declareOn(
            ProcessorDefinition.<String, MetricSample, ServiceAlert>builder(ID, processor))
        .keyType(String.class)
        .input(topics.metrics(), MetricSample.class)
        .output(topics.alerts(), ServiceAlert.class)
        .output(processor.stats)
        .state(BASELINE)
        .timestampExtractor((sample, recordTime) ->
            sample == null ? recordTime : sample.eventTime().toEpochMilli())
        .maxOutOfOrderness(settings.maxOutOfOrderness())
        .errorPolicy(ErrorPolicy.SKIP)
        .build();
  }

  @Override
  public void process(@Nullable MetricSample sample, KeyedContext<String, ServiceAlert> ctx) {
    windows.operator().process(sample, ctx, early -> { });
  }

  @Override
  public void onTimer(long time, KeyedContext<String, ServiceAlert> ctx) {
    windows.operator().onTimer(time, ctx, result -> {
      if (result.isFinal()) {
        closed(result, ctx);
      }
    });
  }

  private void closed(WindowResult<String, WindowStats> window,
      KeyedContext<String, ServiceAlert> ctx) {
    WindowStats w = window.aggregate();
    ValueState<ServiceBaseline> state = ctx.state(BASELINE);
    ServiceBaseline baseline = state.getOrDefault(ServiceBaseline.EMPTY);
    String service = window.key();
    Instant start = Instant.ofEpochMilli(window.start());
    long timestamp = window.end() - 1;
    long p95 = w.percentile(95);
    ctx.emit(stats, service, new ServiceStats(service, start, Instant.ofEpochMilli(window.end()),
        w.count(), w.errors(), w.errorRate(), w.percentile(50), p95, w.percentile(99), w.max(),
        baseline.latency().mean(), baseline.errors().mean()), timestamp);
    if (w.count() < settings.minSamples()) {
      return; // too few samples to judge (a partial window, or a quiet service)
    }
    ServiceBaseline next = baseline;
    for (Signal signal : Signal.values()) {
      double value = signal == Signal.LATENCY ? p95 : w.errorRate();
      SignalBaseline before = baseline.of(signal);
      AnomalyDetector.Step step = detector.observe(signal, before, value);
      next = next.with(signal, step.baseline());
      if (step.verdict() != AnomalyDetector.Verdict.NONE) {
        ServiceAlert.State alertState = step.verdict() == AnomalyDetector.Verdict.FIRE
            ? ServiceAlert.State.FIRING : ServiceAlert.State.RESOLVED;
        ctx.emit(service, new ServiceAlert(service, signal.kind, alertState,
            evidence(signal, value, before, step.z(), w.count()), start), timestamp);
      }
    }
    state.put(next);
  }

  private static String evidence(Signal signal, double value, SignalBaseline usual, double z,
      long count) {
    return signal == Signal.LATENCY
        ? String.format(Locale.ROOT, "p95 %.0f ms vs usual %.0f ms (z=%.1f, %d requests)",
            value, usual.mean(), z, count)
        : String.format(Locale.ROOT, "error rate %.1f%% vs usual %.1f%% (z=%.1f, %d requests)",
            value * 100, usual.mean() * 100, z, count);
  }
}
