package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.ListState;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.sample.fraud.model.CardActivity;
import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.model.Payment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code card-fraud} processor: reads a card's payments and card events (two co-partitioned
 * topics keyed by card id), puts them in event-time order and runs four rules on the payments:
 * {@link SmallThenLargeRule small-then-large}, {@link AmountAnomalyRule amount anomaly},
 * {@link ImpossibleTravelRule impossible travel} and {@link BlockedCardRule blocked card}.
 *
 * <p><b>Event-time order.</b> Records of two topics (and late records of one) arrive in no
 * particular order. Each record is parked in state with an event-time timer at its own time; when
 * the watermark passes that time (i.e. {@code maxOutOfOrderness} later), the timer releases the
 * parked records up to it, sorted. The rules therefore see every card's history in order, and
 * their results do not depend on how the topics interleave, on retries or on restarts.
 *
 * <p><b>State</b> (per card, changelogged): the parked records, the {@link CardProfile} (status,
 * running average, last location, last alerts; queryable as {@link #PROFILE}) and the
 * small-then-large probes. Alerts go to the default output keyed by card id.
 *
 * <p>One instance serves all tasks; it keeps nothing in fields but configuration.
 */
public final class CardFraudProcessor implements KeyedProcessor<String, CardActivity, FraudAlert> {

  /** The processor id (names its changelog topics: keep it stable). */
  public static final String ID = "card-fraud";

  /** A card's profile; expires 30 days (wall clock) after its last update. */
  public static final ValueStateSpec<CardProfile> PROFILE =
      StateSpec.value("profile", CardProfile.class).ttl(Duration.ofDays(30));

  static final ListStateSpec<Payment> PARKED_PAYMENTS =
      StateSpec.list("parked-payments", Payment.class);
  static final ListStateSpec<CardEvent> PARKED_CARD_EVENTS =
      StateSpec.list("parked-card-events", CardEvent.class);

  /** Card events before payments at the same time (a block applies to a payment at its time). */
  private static final Comparator<CardActivity> EVENT_TIME_ORDER =
      Comparator.comparing(CardActivity::eventTime)
          .thenComparing(a -> a instanceof Payment)
          .thenComparing(a -> a instanceof Payment p ? p.id() : "");

  private final SmallThenLargeRule smallThenLarge;
  private final List<PaymentRule> rules;

  /** A processor with the given thresholds. */
  public CardFraudProcessor(RuleSettings settings) {
    this.smallThenLarge = new SmallThenLargeRule(settings);
    this.rules = List.of(smallThenLarge, new AmountAnomalyRule(settings),
        new ImpossibleTravelRule(settings), new BlockedCardRule());
  }

  /**
   * The definition to run: inputs {@code topics.payments()} and {@code topics.cardEvents()} (each
   * with its own JSON serde), output {@code topics.alerts()}, event time from the records'
   * {@code eventTime}, bad records to the dead-letter topic.
   */
  public static ProcessorDefinition<String, CardActivity, FraudAlert> definition(
      FraudTopics topics, RuleSettings settings) {
    return ProcessorDefinition.<String, CardActivity, FraudAlert>builder(ID,
            new CardFraudProcessor(settings))
        .keyType(String.class)
        .input(topics.payments(), Payment.class)
        .input(topics.cardEvents(), CardEvent.class)
        .output(topics.alerts(), FraudAlert.class)
        .state(PROFILE, PARKED_PAYMENTS, PARKED_CARD_EVENTS, SmallThenLargeRule.PROBES)
        .timestampExtractor((activity, recordTime) ->
            activity == null ? recordTime : activity.eventTime().toEpochMilli())
        .maxOutOfOrderness(settings.maxOutOfOrderness())
        .idleTimeout(settings.idleTimeout())
        .errorPolicy(ErrorPolicy.DEAD_LETTER)
        .build();
  }

  @Override
  public void process(@Nullable CardActivity activity, KeyedContext<String, FraudAlert> ctx) {
    if (activity == null) {
      return; // a tombstone on the compacted card-events topic: the card is gone, TTL cleans up
    }
    if (activity instanceof Payment payment) {
      ctx.state(PARKED_PAYMENTS).add(payment);
    } else if (activity instanceof CardEvent event) {
      ctx.state(PARKED_CARD_EVENTS).add(event);
    }
    ctx.timers().eventTime(ctx.timestamp());
  }

  @Override
  public void onTimer(long time, KeyedContext<String, FraudAlert> ctx) {
    smallThenLarge.onTimer(time, ctx);
    List<CardActivity> due = new ArrayList<>();
    due.addAll(release(ctx.state(PARKED_PAYMENTS), time));
    due.addAll(release(ctx.state(PARKED_CARD_EVENTS), time));
    if (due.isEmpty()) {
      return;
    }
    due.sort(EVENT_TIME_ORDER);
    ValueState<CardProfile> state = ctx.state(PROFILE);
    CardProfile profile = state.getOrDefault(CardProfile.NEW);
    for (CardActivity activity : due) {
      profile = activity instanceof Payment payment ? onPayment(payment, profile, ctx)
          : profile.withCardEvent((CardEvent) activity);
    }
    state.put(profile);
  }

  private CardProfile onPayment(Payment payment, CardProfile before,
      KeyedContext<String, FraudAlert> ctx) {
    List<Finding> findings = new ArrayList<>();
    CardProfile profile = before;
    for (PaymentRule rule : rules) {
      profile = rule.check(payment, profile, ctx, findings::add);
    }
    profile = profile.withPaymentCounted();
    for (Finding f : findings) {
      FraudAlert alert = FraudAlert.of(f.rule(), payment, f.evidence(), f.paymentIds());
      ctx.emit(ctx.key(), alert, payment.eventTime().toEpochMilli());
      profile = profile.withAlert(f.rule(), payment.eventTime());
    }
    return profile;
  }

  /** Removes and returns the parked records at or before {@code time}. */
  private static <T extends CardActivity> List<T> release(ListState<T> parked, long time) {
    List<T> all = parked.get();
    List<T> due = new ArrayList<>();
    List<T> later = new ArrayList<>();
    for (T activity : all) {
      (activity.eventTime().toEpochMilli() <= time ? due : later).add(activity);
    }
    if (!due.isEmpty()) {
      if (later.isEmpty()) {
        parked.clear();
      } else {
        parked.update(later);
      }
    }
    return due;
  }
}
