package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.state.ListState;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Small-then-large: a fraudster tests a stolen card with a tiny payment (a "probe"), then spends
 * big. A payment below {@code smallAmount} followed within {@code smallThenLargeWithin} by one
 * above {@code largeAmount} raises an alert. Episode: the probes; an alert consumes them, so a
 * second large payment after the same probes raises nothing.
 *
 * <p>State: the card's recent probes. Timers: one event-time timer per probe, when it can no
 * longer match, to forget it (so an idle card keeps no state).
 */
final class SmallThenLargeRule implements PaymentRule {

  /** Probes of the last {@code smallThenLargeWithin}, oldest first. */
  static final ListStateSpec<Payment> PROBES =
      StateSpec.list("probes", Payment.class).ttl(Duration.ofDays(1));

  private final RuleSettings settings;

  SmallThenLargeRule(RuleSettings settings) {
    this.settings = settings;
  }

  @Override
  public CardProfile check(Payment payment, CardProfile profile, KeyedContext<String, ?> ctx,
      Consumer<Finding> findings) {
    ListState<Payment> state = ctx.state(PROBES);
    List<Payment> probes = matching(state.get(), payment.eventTime());
    if (payment.amount().compareTo(settings.smallAmount()) < 0) {
      probes.add(payment);
      ctx.timers().eventTime(forgetAt(payment));
    } else if (payment.amount().compareTo(settings.largeAmount()) > 0 && !probes.isEmpty()) {
      findings.accept(finding(probes, payment));
      probes.clear();
    }
    store(state, probes);
    return profile;
  }

  /** Forgets the probes that can no longer match; called on every timer of the card. */
  void onTimer(long time, KeyedContext<String, ?> ctx) {
    ListState<Payment> state = ctx.state(PROBES);
    List<Payment> probes = state.get();
    if (!probes.isEmpty()) {
      store(state, matching(probes, Instant.ofEpochMilli(time)));
    }
  }

  /** The probes a large payment at {@code at} would match. */
  private List<Payment> matching(List<Payment> probes, Instant at) {
    List<Payment> live = new ArrayList<>();
    for (Payment probe : probes) {
      if (!at.isAfter(probe.eventTime().plus(settings.smallThenLargeWithin()))) {
        live.add(probe);
      }
    }
    return live;
  }

  private long forgetAt(Payment probe) {
    return probe.eventTime().plus(settings.smallThenLargeWithin()).toEpochMilli() + 1;
  }

  private static void store(ListState<Payment> state, List<Payment> probes) {
    if (probes.isEmpty()) {
      state.clear();
    } else {
      state.update(probes);
    }
  }

  private static Finding finding(List<Payment> probes, Payment large) {
    Payment probe = probes.get(0);
    String evidence = Amounts.money(probe.amount(), probe.currency()) + " at " + probe.merchant()
        + (probes.size() > 1 ? " (and " + (probes.size() - 1) + " more small)" : "")
        + ", then " + Amounts.money(large.amount(), large.currency()) + " at " + large.merchant()
        + " " + Amounts.duration(Duration.between(probe.eventTime(), large.eventTime()))
        + " later";
    List<String> ids = new ArrayList<>();
    probes.forEach(p -> ids.add(p.id()));
    ids.add(large.id());
    return new Finding(Rule.SMALL_THEN_LARGE, evidence, ids);
  }
}
