package dev.rivulet.sample.fraud.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A card payment, as published on the {@code payments} topic (key: the card id).
 *
 * <pre>{@code
 * {"id":"pay-000042","cardId":"card-0007","merchant":"grocer","amount":23.80,
 *  "currency":"EUR","country":"DE","eventTime":"2025-11-25T10:00:00Z"}
 * }</pre>
 *
 * @param id unique payment id
 * @param cardId the card
 * @param merchant merchant name
 * @param amount amount in {@code currency} (the rules assume one currency per card)
 * @param currency ISO 4217 code
 * @param country ISO 3166 alpha-2 code of where the card was used
 * @param eventTime when the payment happened
 */
public record Payment(String id, String cardId, String merchant, BigDecimal amount,
    String currency, String country, Instant eventTime) implements CardActivity {

  public Payment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cardId, "cardId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(eventTime, "eventTime");
  }
}
