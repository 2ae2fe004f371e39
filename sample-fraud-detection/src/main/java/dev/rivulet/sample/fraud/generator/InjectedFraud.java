package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.model.Rule;
import java.time.Instant;
import java.util.List;

/**
 * Ground truth: a fraud the generator injected, which the named rule should alert on once.
 *
 * @param rule the rule that should fire
 * @param cardId the card (each card gets at most one injected fraud)
 * @param paymentIds the fraudulent payments
 * @param eventTime event time the fraud starts at
 */
public record InjectedFraud(Rule rule, String cardId, List<String> paymentIds,
    Instant eventTime) {

  public InjectedFraud {
    paymentIds = List.copyOf(paymentIds);
  }
}
