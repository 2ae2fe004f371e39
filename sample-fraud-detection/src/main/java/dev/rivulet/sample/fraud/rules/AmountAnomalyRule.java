package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Amount anomaly: an amount above {@code amountFactor} times the card's exponentially weighted
 * moving average, once the average covers {@code amountMinHistory} payments. An anomalous amount
 * is kept out of the average (so one fraud does not teach the card that fraud is normal).
 * Episode: at most one alert per {@code alertCooldown} of event time.
 *
 * <p>State: the average lives in the card's {@link CardProfile} (value state with a TTL).
 */
final class AmountAnomalyRule implements PaymentRule {
  private final RuleSettings settings;

  AmountAnomalyRule(RuleSettings settings) {
    this.settings = settings;
  }

  @Override
  public CardProfile check(Payment payment, CardProfile profile, KeyedContext<String, ?> ctx,
      Consumer<Finding> findings) {
    double amount = payment.amount().doubleValue();
    double average = profile.averageAmount();
    boolean anomalous = profile.averagedPayments() >= settings.amountMinHistory()
        && amount > settings.amountFactor() * average;
    if (!anomalous) {
      return profile.withAmount(amount, settings.amountSmoothing());
    }
    if (profile.quiet(Rule.AMOUNT_ANOMALY, payment.eventTime(), settings.alertCooldown())) {
      String evidence = String.format(Locale.ROOT, "%s is %.1fx the card's average of %s over %d "
          + "payments (limit %.1fx)", Amounts.money(payment.amount(), payment.currency()),
          amount / average, Amounts.money(BigDecimal.valueOf(average), payment.currency()),
          profile.averagedPayments(), settings.amountFactor());
      findings.accept(new Finding(Rule.AMOUNT_ANOMALY, evidence, List.of(payment.id())));
    }
    return profile;
  }
}
