package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.support.GeneratorPace;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The traffic generator ({@code fraud.generator.*}). Event time starts {@code backfill} before
 * the wall clock and runs {@code speed} times faster until it catches up, then in real time: the
 * first minutes of a run replay hours of traffic, and no record is ever stamped in the future
 * (brokers reject those) or older than the backfill (retention deletes old ones). The speed,
 * backfill and tick are the {@link GeneratorPace} of the generator's loop.
 *
 * @param enabled start the generator with the application
 * @param seed random seed: the same seed gives the same cards, traffic and injected frauds
 * @param cards number of cards
 * @param speed event-time speed-up while catching up with the wall clock
 * @param backfill how far before the wall clock event time starts
 * @param meanPaymentGap mean event time between two payments of a card on top of the minimum
 *     (each card's own mean is 0.5 to 1.5 times this)
 * @param minPaymentGap least event time between two normal payments of a card
 * @param maxDelay payments carry an event time up to this much before they are sent (disorder)
 * @param injectionInterval event time between two injected frauds
 * @param maxInjections injected frauds in all; {@code -1} for no limit, {@code 0} for none
 * @param blockInterval event time between two normal (not fraudulent) card blocks
 * @param tick wall-clock interval of the generator's sends
 */
@ConfigurationProperties("fraud.generator")
public record GeneratorSettings(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("42") long seed,
    @DefaultValue("300") int cards,
    @DefaultValue("60") double speed,
    @DefaultValue("3h") Duration backfill,
    @DefaultValue("20m") Duration meanPaymentGap,
    @DefaultValue("4m") Duration minPaymentGap,
    @DefaultValue("5s") Duration maxDelay,
    @DefaultValue("10m") Duration injectionInterval,
    @DefaultValue("-1") int maxInjections,
    @DefaultValue("45m") Duration blockInterval,
    @DefaultValue("50ms") Duration tick) implements GeneratorPace {

  public GeneratorSettings {
    if (cards < 20 || speed < 1 || minPaymentGap.compareTo(Duration.ofMinutes(3)) < 0
        || maxDelay.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("fraud.generator: cards >= 20, speed >= 1, "
          + "min-payment-gap >= 3m and max-delay <= 10s keep normal traffic free of frauds");
    }
  }

  /** The defaults above (for code running without Spring, such as unit tests). */
  public static GeneratorSettings defaults() {
    return new Binder().bindOrCreate("fraud.generator", GeneratorSettings.class);
  }

  /** A copy with another seed, number of cards and injection limit. */
  public GeneratorSettings with(long seed, int cards, int maxInjections) {
    return new GeneratorSettings(enabled, seed, cards, speed, backfill, meanPaymentGap,
        minPaymentGap, maxDelay, injectionInterval, maxInjections, blockInterval, tick);
  }
}
