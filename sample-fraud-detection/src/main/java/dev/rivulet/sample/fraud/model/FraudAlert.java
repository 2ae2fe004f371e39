package dev.rivulet.sample.fraud.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A suspected fraud, as published on the {@code fraud-alerts} topic (key: the card id).
 *
 * @param id deterministic id ({@code rule:card:eventTimeMillis}): a consumer can deduplicate on
 *     it, although under exactly-once each alert is committed once
 * @param rule the rule that raised it
 * @param cardId the card
 * @param evidence human-readable explanation
 * @param paymentIds the payments the rule looked at, the last one being the trigger
 * @param eventTime event time of the triggering payment
 */
public record FraudAlert(String id, Rule rule, String cardId, String evidence,
    List<String> paymentIds, Instant eventTime) {

  public FraudAlert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(cardId, "cardId");
    paymentIds = List.copyOf(paymentIds);
    if (paymentIds.isEmpty()) {
      throw new IllegalArgumentException("An alert names at least the triggering payment");
    }
  }

  /** An alert with its deterministic id. */
  public static FraudAlert of(Rule rule, String cardId, String evidence, List<String> paymentIds,
      Instant eventTime) {
    String id = rule + ":" + cardId + ":" + eventTime.toEpochMilli();
    return new FraudAlert(id, rule, cardId, evidence, paymentIds, eventTime);
  }

  /** The payment that triggered the alert. */
  public String triggerPaymentId() {
    return paymentIds.get(paymentIds.size() - 1);
  }
}
