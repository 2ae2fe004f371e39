package dev.rivulet.sample.fraud.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * @param amount amount of the triggering payment, or {@code null} for an alert about many
 *     payments ({@link Rule#VELOCITY})
 * @param currency currency of {@code amount}, or {@code null}
 */
public record FraudAlert(String id, Rule rule, String cardId, String evidence,
    List<String> paymentIds, Instant eventTime, @Nullable BigDecimal amount,
    @Nullable String currency) {

  public FraudAlert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(cardId, "cardId");
    paymentIds = List.copyOf(paymentIds);
    if (paymentIds.isEmpty()) {
      throw new IllegalArgumentException("An alert names at least the triggering payment");
    }
  }

  /** An alert about a burst of payments, with its deterministic id. */
  public static FraudAlert of(Rule rule, String cardId, String evidence, List<String> paymentIds,
      Instant eventTime) {
    return new FraudAlert(id(rule, cardId, eventTime), rule, cardId, evidence, paymentIds,
        eventTime, null, null);
  }

  /** An alert about a payment ({@code trigger}), with its deterministic id. */
  public static FraudAlert of(Rule rule, Payment trigger, String evidence,
      List<String> paymentIds) {
    return new FraudAlert(id(rule, trigger.cardId(), trigger.eventTime()), rule,
        trigger.cardId(), evidence, paymentIds, trigger.eventTime(), trigger.amount(),
        trigger.currency());
  }

  private static String id(Rule rule, String cardId, Instant eventTime) {
    return rule + ":" + cardId + ":" + eventTime.toEpochMilli();
  }

  /** The payment that triggered the alert. */
  public String triggerPaymentId() {
    return paymentIds.get(paymentIds.size() - 1);
  }
}
