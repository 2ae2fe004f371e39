package dev.rivulet.sample.monitoring.stats;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Windows and anomaly detection of the {@code service-stats} processor
 * ({@code monitoring.anomaly.*}). Immutable.
 *
 * <p>A window is anomalous when its value is both statistically unusual (z-score against the
 * service's exponentially weighted mean and variance at least {@code fireZ}) and practically
 * significant (p95 at least {@code latencyFactor} times the usual p95; error rate at least
 * {@code errorRateMargin} above the usual rate). An alert fires on the first anomalous window and
 * resolves after {@code resolveAfter} windows in a row that are not anomalous even at the lower
 * thresholds ({@code resolveZ}, half the factor's excess, half the margin): one alert per incident,
 * no flapping. While an alert fires, the baseline does not learn from the incident.
 *
 * @param window tumbling window size
 * @param maxOutOfOrderness how late samples may arrive (event time)
 * @param minSamples windows with fewer samples are reported but not judged
 * @param warmupWindows windows that build the baseline before any alert
 * @param smoothing weight of a new window in the moving mean and variance (0-1]
 * @param fireZ z-score to fire at
 * @param resolveZ z-score below which a window counts as healthy
 * @param latencyFactor p95 / usual p95 to fire at
 * @param errorRateMargin error rate - usual error rate to fire at
 * @param resolveAfter healthy windows in a row that resolve an alert
 */
@ConfigurationProperties("monitoring.anomaly")
public record AnomalySettings(
    @DefaultValue("1m") Duration window,
    @DefaultValue("5s") Duration maxOutOfOrderness,
    @DefaultValue("40") int minSamples,
    @DefaultValue("10") int warmupWindows,
    @DefaultValue("0.1") double smoothing,
    @DefaultValue("4.0") double fireZ,
    @DefaultValue("2.0") double resolveZ,
    @DefaultValue("2.0") double latencyFactor,
    @DefaultValue("0.10") double errorRateMargin,
    @DefaultValue("2") int resolveAfter) {

  public AnomalySettings {
    if (smoothing <= 0 || smoothing > 1 || resolveZ > fireZ || latencyFactor <= 1
        || resolveAfter < 1) {
      throw new IllegalArgumentException("monitoring.anomaly: smoothing in (0, 1], resolve-z <= "
          + "fire-z, latency-factor > 1, resolve-after >= 1");
    }
  }

  /** The defaults above (for code running without Spring, such as unit tests). */
  public static AnomalySettings defaults() {
    return new Binder().bindOrCreate("monitoring.anomaly", AnomalySettings.class);
  }
}
