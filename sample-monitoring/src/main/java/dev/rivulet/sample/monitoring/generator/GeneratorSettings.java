package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.support.GeneratorPace;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The metrics generator ({@code monitoring.generator.*}). Event time starts {@code backfill}
 * before the wall clock and runs {@code speed} times faster until it catches up, then in real
 * time; no sample is ever stamped in the future. The speed, backfill and tick are the
 * {@link GeneratorPace} of the generator's loop.
 *
 * @param enabled start the generator with the application
 * @param seed random seed: the same seed gives the same services, samples and incidents
 * @param speed event-time speed-up while catching up with the wall clock
 * @param backfill how far before the wall clock event time starts
 * @param samplesPerMinute samples per service per minute of event time
 * @param maxDelay samples carry an event time up to this much before they are sent (disorder)
 * @param warmup event time before the first incident (baselines need about 10 windows)
 * @param incidentInterval event time between the starts of two incidents
 * @param incidentDuration how long a latency spike or error burst lasts (event time)
 * @param silenceDuration how long a silent service sends nothing (event time; it must exceed
 *     the heartbeat timeout in wall-clock time, i.e. {@code speed * timeout})
 * @param maxIncidents incidents in all; {@code -1} for no limit, {@code 0} for none
 * @param tick wall-clock interval of the generator's sends
 */
@ConfigurationProperties("monitoring.generator")
public record GeneratorSettings(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("42") long seed,
    @DefaultValue("60") double speed,
    @DefaultValue("1h") Duration backfill,
    @DefaultValue("60") int samplesPerMinute,
    @DefaultValue("2s") Duration maxDelay,
    @DefaultValue("15m") Duration warmup,
    @DefaultValue("10m") Duration incidentInterval,
    @DefaultValue("3m") Duration incidentDuration,
    @DefaultValue("8m") Duration silenceDuration,
    @DefaultValue("-1") int maxIncidents,
    @DefaultValue("50ms") Duration tick) implements GeneratorPace {

  public GeneratorSettings {
    if (speed < 1 || samplesPerMinute < 1 || incidentInterval.compareTo(silenceDuration) <= 0) {
      throw new IllegalArgumentException("monitoring.generator: speed >= 1, samples-per-minute "
          + ">= 1, incident-interval > silence-duration");
    }
  }

  /** The defaults above (for code running without Spring, such as unit tests). */
  public static GeneratorSettings defaults() {
    return new Binder().bindOrCreate("monitoring.generator", GeneratorSettings.class);
  }

  /** A copy with another seed and incident limit. */
  public GeneratorSettings with(long seed, int maxIncidents) {
    return new GeneratorSettings(enabled, seed, speed, backfill, samplesPerMinute, maxDelay,
        warmup, incidentInterval, incidentDuration, silenceDuration, maxIncidents, tick);
  }
}
