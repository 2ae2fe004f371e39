package dev.rivulet.sample.fraud.rules;

import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code card-fraud} processor knows about one card: its status from the card events,
 * the running average of its amounts, where it was last seen and when each rule last fired. Kept
 * in value state (JSON) and queryable over REST and Actuator. Immutable: the {@code with...}
 * methods return updated copies.
 *
 * @param homeCountry the cardholder's country from the card events, if known
 * @param blocked whether the card is blocked
 * @param blockedSince event time of the current block, or {@code null}
 * @param blockAlerted whether the current block has had its alert (one per block)
 * @param payments payments seen
 * @param averageAmount exponentially weighted moving average of the amounts, anomalies excluded
 * @param averagedPayments payments in that average
 * @param lastCountry where the card was last seen (not moved by an impossible-travel payment)
 * @param lastSeenAt when it was last seen there
 * @param lastPaymentId the payment it was last seen with
 * @param lastAlerts event time of the latest alert of each rule
 */
public record CardProfile(
    @Nullable String homeCountry,
    boolean blocked,
    @Nullable Instant blockedSince,
    boolean blockAlerted,
    long payments,
    double averageAmount,
    long averagedPayments,
    @Nullable String lastCountry,
    @Nullable Instant lastSeenAt,
    @Nullable String lastPaymentId,
    Map<Rule, Instant> lastAlerts) {

  /** The profile of a card nothing is known about yet. */
  public static final CardProfile NEW =
      new CardProfile(null, false, null, false, 0, 0, 0, null, null, null, Map.of());

  public CardProfile {
    lastAlerts = Map.copyOf(lastAlerts);
  }

  /** Applies a card event: home country and block status. */
  public CardProfile withCardEvent(CardEvent event) {
    String home = event.homeCountry() != null ? event.homeCountry() : homeCountry;
    boolean nowBlocked = event.status() == CardEvent.Status.BLOCKED;
    if (nowBlocked && blocked) {
      return new CardProfile(home, true, blockedSince, blockAlerted, payments, averageAmount,
          averagedPayments, lastCountry, lastSeenAt, lastPaymentId, lastAlerts);
    }
    return new CardProfile(home, nowBlocked, nowBlocked ? event.eventTime() : null, false,
        payments, averageAmount, averagedPayments, lastCountry, lastSeenAt, lastPaymentId,
        lastAlerts);
  }

  /** Counts a payment. */
  public CardProfile withPaymentCounted() {
    return new CardProfile(homeCountry, blocked, blockedSince, blockAlerted, payments + 1,
        averageAmount, averagedPayments, lastCountry, lastSeenAt, lastPaymentId, lastAlerts);
  }

  /** Folds an amount into the moving average with weight {@code smoothing}. */
  public CardProfile withAmount(double amount, double smoothing) {
    double average = averagedPayments == 0 ? amount
        : averageAmount + smoothing * (amount - averageAmount);
    return new CardProfile(homeCountry, blocked, blockedSince, blockAlerted, payments, average,
        averagedPayments + 1, lastCountry, lastSeenAt, lastPaymentId, lastAlerts);
  }

  /** Records where the card was seen, when, and with which payment. */
  public CardProfile seenIn(String country, Instant at, String paymentId) {
    return new CardProfile(homeCountry, blocked, blockedSince, blockAlerted, payments,
        averageAmount, averagedPayments, country, at, paymentId, lastAlerts);
  }

  /** Marks the current block as alerted. */
  public CardProfile withBlockAlerted() {
    return new CardProfile(homeCountry, blocked, blockedSince, true, payments, averageAmount,
        averagedPayments, lastCountry, lastSeenAt, lastPaymentId, lastAlerts);
  }

  /** Records an alert of {@code rule} at {@code at}. */
  public CardProfile withAlert(Rule rule, Instant at) {
    Map<Rule, Instant> alerts = new EnumMap<>(Rule.class);
    alerts.putAll(lastAlerts);
    alerts.put(rule, at);
    return new CardProfile(homeCountry, blocked, blockedSince, blockAlerted, payments,
        averageAmount, averagedPayments, lastCountry, lastSeenAt, lastPaymentId, alerts);
  }

  /** Whether {@code rule} has not fired within {@code cooldown} before {@code at}. */
  public boolean quiet(Rule rule, Instant at, Duration cooldown) {
    Instant last = lastAlerts.get(rule);
    return last == null || !at.isBefore(last.plus(cooldown));
  }
}
