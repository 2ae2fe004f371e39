package dev.rivulet.sample.fraud.model;

import java.time.Instant;

/**
 * Something that happened to a card: a {@link Payment} or a {@link CardEvent}. The value type of
 * the {@code card-fraud} processor, which reads both topics (each with its own JSON serde, so the
 * topics carry no type field).
 */
public sealed interface CardActivity permits Payment, CardEvent {

  /** The card, also the record key of both topics. */
  String cardId();

  /** When it happened (event time). */
  Instant eventTime();
}
