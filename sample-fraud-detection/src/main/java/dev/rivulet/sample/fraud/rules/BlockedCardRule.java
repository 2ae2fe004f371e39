package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.util.List;
import java.util.function.Consumer;

/**
 * Blocked card: a payment on a card that the card events say is blocked. Because the processor
 * merges both topics in event-time order, a block counts from its event time, whichever topic
 * is read first. Episode: the block; one alert per block, however many payments are attempted.
 *
 * <p>State: the block status lives in the card's {@link CardProfile}.
 */
final class BlockedCardRule implements PaymentRule {

  @Override
  public CardProfile check(Payment payment, CardProfile profile, KeyedContext<String, ?> ctx,
      Consumer<Finding> findings) {
    if (!profile.blocked() || profile.blockAlerted()) {
      return profile;
    }
    String evidence = "payment of " + Amounts.money(payment.amount(), payment.currency()) + " at "
        + payment.merchant() + " in " + payment.country() + " on a card blocked since "
        + (profile.blockedSince() == null ? "?" : Amounts.time(profile.blockedSince()));
    findings.accept(new Finding(Rule.BLOCKED_CARD, evidence, List.of(payment.id())));
    return profile.withBlockAlerted();
  }
}
