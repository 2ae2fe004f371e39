package dev.rivulet.sample.fraud.model;

/** The fraud rules; each alert names the rule that raised it. */
public enum Rule {
  /** A payment below the small amount followed by one above the large amount, shortly after. */
  SMALL_THEN_LARGE,
  /** More payments in a sliding window than the limit. */
  VELOCITY,
  /** An amount far above the card's running average. */
  AMOUNT_ANOMALY,
  /** Two countries in less time than travelling between them takes. */
  IMPOSSIBLE_TRAVEL,
  /** A payment on a blocked card. */
  BLOCKED_CARD
}
