package dev.rivulet.sample.fraud.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest known state of a card, as published on the compacted {@code card-events} topic (key:
 * the card id): whether it is blocked, and its home country.
 *
 * @param cardId the card
 * @param status active or blocked
 * @param homeCountry ISO 3166 alpha-2 code of the cardholder's country, if known
 * @param eventTime when the state took effect
 */
public record CardEvent(String cardId, Status status, @Nullable String homeCountry,
    Instant eventTime) implements CardActivity {

  public CardEvent {
    Objects.requireNonNull(cardId, "cardId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  /** A card's status. */
  public enum Status {
    /** The card may be used. */
    ACTIVE,
    /** The card is blocked (lost, stolen, suspected fraud): any payment is suspicious. */
    BLOCKED
  }
}
