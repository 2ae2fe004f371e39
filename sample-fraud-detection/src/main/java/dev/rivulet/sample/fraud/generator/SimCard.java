package dev.rivulet.sample.fraud.generator;

import java.util.List;

/** A simulated card and its holder's habits. Mutable; confined to the {@link Simulation}. */
final class SimCard {

  /** Spending habits. Amounts are {@code base} times a factor in [0.5, 2]. */
  enum Kind {
    /** Everyday spending, 15-120 base, at home. */
    REGULAR(List.of("grocer", "fuel", "pharmacy", "restaurant", "bookshop", "online-store")),
    /** Big spender, 350 base: often above the small-then-large "large" amount. */
    PREMIUM(List.of("electronics", "jeweller", "airline", "hotel", "fashion")),
    /** Transit and app payments, 0.80 base: often below the "small" amount, never large. */
    MICRO(List.of("transit", "app-store", "vending", "parking")),
    /** Regular spending, and trips abroad that take as long as travelling does. */
    TRAVELER(List.of("restaurant", "hotel", "museum", "taxi", "grocer"));

    final List<String> merchants;

    Kind(List<String> merchants) {
      this.merchants = merchants;
    }
  }

  final String id;
  final Kind kind;
  final String home;
  final double base;
  /** Mean event time between payments on top of the minimum, millis. */
  final double meanGap;
  String location;
  long lastPaymentAt = Long.MIN_VALUE;
  int payments;
  /** Normal payments wait until then (blocked, or an injected fraud in progress). */
  long busyUntil = Long.MIN_VALUE;
  boolean injected;

  SimCard(String id, Kind kind, String home, double base, double meanGap) {
    this.id = id;
    this.kind = kind;
    this.home = home;
    this.base = base;
    this.meanGap = meanGap;
    this.location = home;
  }

  boolean atHome() {
    return location.equals(home);
  }
}
