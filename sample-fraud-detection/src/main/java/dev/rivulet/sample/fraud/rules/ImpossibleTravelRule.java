package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Impossible travel: a payment in another country than the card's last one, sooner than the
 * {@link TravelModel} allows for the trip. A payment from an impossible place does not move the
 * card (the cardholder is presumably still where they were, and a cloned card is elsewhere), so
 * the cardholder's next payment at home raises nothing. Episode: at most one alert per
 * {@code alertCooldown} of event time.
 *
 * <p>State: the last trusted location lives in the card's {@link CardProfile}.
 */
final class ImpossibleTravelRule implements PaymentRule {
  private final RuleSettings settings;
  private final TravelModel model;

  ImpossibleTravelRule(RuleSettings settings) {
    this.settings = settings;
    this.model = settings.travelModel();
  }

  @Override
  public CardProfile check(Payment payment, CardProfile profile, KeyedContext<String, ?> ctx,
      Consumer<Finding> findings) {
    String from = profile.lastCountry();
    Instant since = profile.lastSeenAt();
    if (from == null || since == null) {
      return profile.seenIn(payment.country(), payment.eventTime(), payment.id());
    }
    Duration took = Duration.between(since, payment.eventTime());
    Optional<Duration> needed = model.minTravelTime(from, payment.country());
    if (needed.isEmpty() || took.compareTo(needed.get()) >= 0) {
      return profile.seenIn(payment.country(), payment.eventTime(), payment.id());
    }
    if (profile.quiet(Rule.IMPOSSIBLE_TRAVEL, payment.eventTime(), settings.alertCooldown())) {
      String evidence = String.format(Locale.ROOT, "%s at %s, then %s at %s: %,.0f km in %s, "
          + "the trip takes at least %s", from, Amounts.time(since), payment.country(),
          Amounts.time(payment.eventTime()), TravelModel.distanceKm(from, payment.country()),
          Amounts.duration(took), Amounts.duration(needed.get()));
      List<String> ids = profile.lastPaymentId() == null ? List.of(payment.id())
          : List.of(profile.lastPaymentId(), payment.id());
      findings.accept(new Finding(Rule.IMPOSSIBLE_TRAVEL, evidence, ids));
    }
    return profile;
  }
}
