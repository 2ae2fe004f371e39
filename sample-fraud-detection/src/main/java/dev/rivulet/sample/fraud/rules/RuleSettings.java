package dev.rivulet.sample.fraud.rules;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the fraud rules and event-time settings of the processors
 * ({@code fraud.rules.*}). Immutable.
 *
 * @param smallAmount small-then-large: a "probe" payment is below this amount
 * @param largeAmount small-then-large: the follow-up payment is above this amount
 * @param smallThenLargeWithin small-then-large: at most this much event time between the two
 * @param velocityLimit velocity: more payments than this in one window raise an alert
 * @param velocityWindow velocity: the sliding window
 * @param amountFactor amount anomaly: an amount above this multiple of the card's average
 * @param amountMinHistory amount anomaly: payments in the average before the rule applies
 * @param amountSmoothing amount anomaly: weight of a new payment in the exponentially weighted
 *     moving average (EWMA), between 0 and 1
 * @param travelSpeed impossible travel: km/h a cardholder can travel at most (airliner)
 * @param travelOverhead impossible travel: time any trip between two countries takes on top
 * @param alertCooldown amount anomaly and impossible travel: at most one alert per card and rule
 *     within this much event time (one episode)
 * @param maxOutOfOrderness how late (in event time) a card's records may arrive; the processors
 *     wait this long before evaluating a payment, so rules see each card's records in order
 * @param idleTimeout a quiet input partition (usually card events) stops holding back the
 *     watermark after this much wall-clock time
 */
@ConfigurationProperties("fraud.rules")
public record RuleSettings(
    @DefaultValue("1.00") BigDecimal smallAmount,
    @DefaultValue("500.00") BigDecimal largeAmount,
    @DefaultValue("1m") Duration smallThenLargeWithin,
    @DefaultValue("5") int velocityLimit,
    @DefaultValue("10m") Duration velocityWindow,
    @DefaultValue("5.0") double amountFactor,
    @DefaultValue("5") int amountMinHistory,
    @DefaultValue("0.1") double amountSmoothing,
    @DefaultValue("900") double travelSpeed,
    @DefaultValue("1h") Duration travelOverhead,
    @DefaultValue("1h") Duration alertCooldown,
    @DefaultValue("10s") Duration maxOutOfOrderness,
    @DefaultValue("2s") Duration idleTimeout) {

  public RuleSettings {
    if (amountSmoothing <= 0 || amountSmoothing > 1) {
      throw new IllegalArgumentException("fraud.rules.amount-smoothing must be in (0, 1]");
    }
    if (velocityLimit < 1 || amountMinHistory < 1 || travelSpeed <= 0 || amountFactor <= 1) {
      throw new IllegalArgumentException("fraud.rules: velocity-limit and amount-min-history "
          + "must be >= 1, travel-speed > 0, amount-factor > 1");
    }
  }

  /** The defaults above (for code running without Spring, such as unit tests). */
  public static RuleSettings defaults() {
    return new Binder().bindOrCreate("fraud.rules", RuleSettings.class);
  }

  /** The travel model these settings describe. */
  public TravelModel travelModel() {
    return new TravelModel(travelSpeed, travelOverhead);
  }
}
