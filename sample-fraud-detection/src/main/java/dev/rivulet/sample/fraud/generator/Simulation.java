package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.generator.SimCard.Kind;
import dev.rivulet.sample.fraud.model.CardActivity;
import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import dev.rivulet.sample.fraud.rules.TravelModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The generator's deterministic core: a discrete-event simulation of card traffic in event time.
 * The same settings and origin give the same records, whatever the wall clock does.
 *
 * <p><b>Normal traffic is free of frauds by construction</b> (so any alert on it is a false
 * positive): payments of a card are at least {@code minPaymentGap} apart (at most 3 in 10
 * minutes); amounts stay within [0.5, 2] times the card's base (at most 4 times any running
 * average); only micro cards pay below 1.00 and they never pay above 500; trips abroad take 1.3
 * times the travel model's minimum; a card pays nothing while blocked, nor within 5 minutes of
 * its unblocking.
 *
 * <p><b>Injected frauds</b> (one every {@code injectionInterval}, of the rule injected least so
 * far, each on a fresh card that has been quiet for 10 minutes and stays quiet for 10 minutes
 * after) are reported to the ground-truth consumer when planned.
 *
 * <p>Not thread-safe: one generator thread drives it.
 */
final class Simulation {
  static final List<String> HOME_COUNTRIES =
      List.of("DE", "FR", "NL", "AT", "ES", "IT", "PL", "GB");
  static final List<String> FAR_COUNTRIES = List.of("US", "BR", "JP", "AU", "SG", "ZA");
  private static final String CURRENCY = "EUR";
  private static final long MINUTE = 60_000;
  private static final long QUIET = 10 * MINUTE;

  /** One thing to do at an event time; ties run in scheduling order. */
  private record Step(long time, long seq, Consumer<List<Generated>> action) {}

  private final GeneratorSettings settings;
  private final Consumer<InjectedFraud> groundTruth;
  private final TravelModel travel;
  private final SplittableRandom random;
  private final List<SimCard> cards = new ArrayList<>();
  private final PriorityQueue<Step> steps = new PriorityQueue<>(
      Comparator.comparingLong(Step::time).thenComparingLong(Step::seq));
  private long seq;
  private long paymentSeq;
  private int injections;
  private final int[] injectedByRule = new int[Rule.values().length];
  private long now;

  Simulation(GeneratorSettings settings, TravelModel travel, long origin,
      Consumer<InjectedFraud> groundTruth) {
    this.settings = settings;
    this.travel = travel;
    this.groundTruth = groundTruth;
    this.random = new SplittableRandom(settings.seed());
    this.now = origin;
    for (int i = 1; i <= settings.cards(); i++) {
      cards.add(newCard(String.format(Locale.ROOT, "card-%04d", i)));
    }
    at(origin, out -> cards.forEach(c ->
        out.add(new Generated(cardEvent(c, CardEvent.Status.ACTIVE, origin), null))));
    for (SimCard card : cards) {
      at(origin + 1 + random.nextLong(settings.meanPaymentGap().toMillis()),
          out -> normalPayment(card, out));
    }
    if (settings.maxInjections() != 0) {
      at(origin + settings.injectionInterval().toMillis(), this::inject);
    }
    at(origin + settings.blockInterval().toMillis(), this::normalBlock);
  }

  /** Runs every step up to {@code time} and returns what it generated, in event-time order. */
  List<Generated> advanceTo(long time) {
    List<Generated> out = new ArrayList<>();
    while (!steps.isEmpty() && steps.peek().time() <= time) {
      Step step = steps.poll();
      now = step.time();
      step.action().accept(out);
    }
    now = Math.max(now, time);
    return out;
  }

  private SimCard newCard(String id) {
    double p = random.nextDouble();
    Kind kind = p < 0.7 ? Kind.REGULAR : p < 0.8 ? Kind.PREMIUM : p < 0.9 ? Kind.MICRO
        : Kind.TRAVELER;
    double base = switch (kind) {
      case REGULAR -> 15 + random.nextDouble(105);
      case PREMIUM -> 350;
      case MICRO -> 0.80;
      case TRAVELER -> 30 + random.nextDouble(120);
    };
    double meanGap = settings.meanPaymentGap().toMillis() * (0.5 + random.nextDouble());
    return new SimCard(id, kind, pick(HOME_COUNTRIES), base, meanGap);
  }

  // ---- normal traffic ----

  private void normalPayment(SimCard card, List<Generated> out) {
    if (now < card.busyUntil) {
      at(card.busyUntil + gap(card), o -> normalPayment(card, o));
      return;
    }
    out.add(new Generated(payment(card, pick(card.kind.merchants), normalAmount(card),
        card.location, now - delay()), null));
    long next = now + gap(card);
    if (card.kind == Kind.TRAVELER && random.nextDouble() < 0.25) {
      String destination = card.atHome() ? pickOther(HOME_COUNTRIES, card.home) : card.home;
      Duration trip = travel.minTravelTime(card.location, destination).orElseThrow();
      next = Math.max(next, now + trip.toMillis() * 13 / 10);
      card.location = destination;
    }
    at(next, o -> normalPayment(card, o));
  }

  /** Blocks a card that has not paid for a minute; it pays again 5 minutes after unblocking. */
  private void normalBlock(List<Generated> out) {
    SimCard card = pickCard(c -> c.kind != Kind.TRAVELER && now >= c.busyUntil
        && c.lastPaymentAt <= now - MINUTE);
    if (card != null) {
      long unblock = now + (20 + random.nextInt(40)) * MINUTE;
      card.busyUntil = unblock + 5 * MINUTE;
      out.add(new Generated(cardEvent(card, CardEvent.Status.BLOCKED, now), null));
      at(unblock, o -> o.add(new Generated(cardEvent(card, CardEvent.Status.ACTIVE, now), null)));
    }
    at(now + settings.blockInterval().toMillis(), this::normalBlock);
  }

  // ---- injected frauds ----

  /**
   * Injects a fraud of the rule injected least so far that has a suitable card (amount anomalies
   * need cards with some history, so they come later at first).
   */
  private void inject(List<Generated> out) {
    inject(out, true);
  }

  /**
   * Injects one fraud at the current event time on top of the schedule (the schedule goes on as
   * before); if no card suits any rule right now, it tries again a minute of event time later.
   */
  void injectNow() {
    at(now, out -> inject(out, false));
  }

  private void inject(List<Generated> out, boolean scheduled) {
    @Nullable Rule rule = null;
    @Nullable SimCard card = null;
    for (Rule r : leastInjectedFirst()) {
      card = pickCard(c -> candidate(r, c));
      if (card != null) {
        rule = r;
        break;
      }
    }
    if (rule == null || card == null) {
      at(now + MINUTE, o -> inject(o, scheduled)); // nobody suitable right now: try again soon
      return;
    }
    card.injected = true;
    List<Payment> planned = switch (rule) {
      case SMALL_THEN_LARGE -> smallThenLarge(card);
      case VELOCITY -> velocity(card);
      case AMOUNT_ANOMALY -> List.of(plan(card, now, "jeweller",
          money(card.base * (12 + random.nextDouble(8))), card.home));
      case IMPOSSIBLE_TRAVEL -> List.of(plan(card, now, "hotel", normalAmount(card),
          pick(FAR_COUNTRIES)));
      case BLOCKED_CARD -> blocked(card, out);
    };
    long last = planned.stream().mapToLong(p -> p.eventTime().toEpochMilli()).max().orElseThrow();
    card.busyUntil = Math.max(card.busyUntil, last + QUIET);
    InjectedFraud fraud = new InjectedFraud(rule, card.id,
        planned.stream().map(Payment::id).toList(), Instant.ofEpochMilli(now));
    groundTruth.accept(fraud);
    for (Payment payment : planned) {
      at(payment.eventTime().toEpochMilli(), o -> o.add(new Generated(payment, fraud)));
    }
    injectedByRule[rule.ordinal()]++;
    injections++;
    if (scheduled && (settings.maxInjections() < 0 || injections < settings.maxInjections())) {
      at(now + settings.injectionInterval().toMillis(), this::inject);
    }
  }

  private List<Rule> leastInjectedFirst() {
    return Arrays.stream(Rule.values())
        .sorted(Comparator.comparingInt((Rule r) -> injectedByRule[r.ordinal()]))
        .toList();
  }

  private boolean candidate(Rule rule, SimCard c) {
    if (c.injected || now < c.busyUntil || !c.atHome() || c.lastPaymentAt > now - QUIET) {
      return false;
    }
    return switch (rule) {
      case SMALL_THEN_LARGE -> c.kind == Kind.PREMIUM;
      case AMOUNT_ANOMALY -> c.kind == Kind.REGULAR && c.payments >= 6;
      case IMPOSSIBLE_TRAVEL -> c.kind == Kind.REGULAR && c.lastPaymentAt >= now - 120 * MINUTE;
      case VELOCITY, BLOCKED_CARD -> c.kind == Kind.REGULAR;
    };
  }

  /** A probe below 1.00, then a large payment 10-50 s later. */
  private List<Payment> smallThenLarge(SimCard card) {
    Payment probe = plan(card, now, "online-gaming", money(0.10 + random.nextDouble(0.89)),
        card.home);
    long later = now + 10_000 + random.nextLong(40_000);
    return List.of(probe, plan(card, later, "electronics", money(520 + random.nextDouble(170)),
        card.home));
  }

  /** Seven normal-looking payments 15-30 s apart. */
  private List<Payment> velocity(SimCard card) {
    List<Payment> burst = new ArrayList<>();
    long t = now;
    for (int i = 0; i < 7; i++) {
      burst.add(plan(card, t, pick(card.kind.merchants), normalAmount(card), card.home));
      t += 15_000 + random.nextLong(15_000);
    }
    return burst;
  }

  /** A block now, two attempts 2-4 and 5-8 minutes later, unblocked after 30 minutes. */
  private List<Payment> blocked(SimCard card, List<Generated> out) {
    out.add(new Generated(cardEvent(card, CardEvent.Status.BLOCKED, now), null));
    long unblock = now + 30 * MINUTE;
    at(unblock, o -> o.add(new Generated(cardEvent(card, CardEvent.Status.ACTIVE, now), null)));
    card.busyUntil = unblock + 5 * MINUTE;
    return List.of(
        plan(card, now + (2 + random.nextInt(2)) * MINUTE, "online-store", normalAmount(card),
            card.home),
        plan(card, now + (5 + random.nextInt(3)) * MINUTE, "online-store", normalAmount(card),
            card.home));
  }

  /** A payment for later; it counts as the card's payment when planned. */
  private Payment plan(SimCard card, long time, String merchant, BigDecimal amount,
      String country) {
    return payment(card, merchant, amount, country, time);
  }

  // ---- helpers ----

  private Payment payment(SimCard card, String merchant, BigDecimal amount, String country,
      long eventTime) {
    card.lastPaymentAt = Math.max(card.lastPaymentAt, eventTime);
    card.payments++;
    String id = String.format(Locale.ROOT, "pay-%07d", ++paymentSeq);
    return new Payment(id, card.id, merchant, amount, CURRENCY, country,
        Instant.ofEpochMilli(eventTime));
  }

  private static CardEvent cardEvent(SimCard card, CardEvent.Status status, long time) {
    return new CardEvent(card.id, status, card.home, Instant.ofEpochMilli(time));
  }

  private BigDecimal normalAmount(SimCard card) {
    return money(card.base * (0.5 + random.nextDouble(1.5)));
  }

  private static BigDecimal money(double amount) {
    return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
  }

  private long gap(SimCard card) {
    double exponential = -Math.log(1 - random.nextDouble()) * card.meanGap;
    return settings.minPaymentGap().toMillis() + (long) exponential;
  }

  private long delay() {
    long max = settings.maxDelay().toMillis();
    return max == 0 ? 0 : random.nextLong(max + 1);
  }

  private @Nullable SimCard pickCard(Predicate<SimCard> suitable) {
    List<SimCard> candidates = cards.stream().filter(suitable).toList();
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private String pickOther(List<String> values, String not) {
    String value;
    do {
      value = pick(values);
    } while (value.equals(not));
    return value;
  }

  private void at(long time, Consumer<List<Generated>> action) {
    steps.add(new Step(time, seq++, action));
  }
}
