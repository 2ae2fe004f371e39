package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.sample.fraud.model.Payment;
import java.util.function.Consumer;

/**
 * A fraud rule of the {@code card-fraud} processor. It sees one card's payments in event-time
 * order, each with the card's profile as of that payment, and reports a {@link Finding} when a
 * payment starts a new fraud episode (one alert per episode: each rule decides what an episode
 * is). Implementations are stateless apart from declared state; called on worker threads.
 */
interface PaymentRule {

  /**
   * Checks a payment.
   *
   * @param payment the payment
   * @param profile the card's profile before this payment
   * @param ctx the card's context, for the rule's own state and timers
   * @param findings receives a finding when the payment starts a new episode
   * @return the profile with the fields this rule maintains updated
   */
  CardProfile check(Payment payment, CardProfile profile, KeyedContext<String, ?> ctx,
      Consumer<Finding> findings);
}
