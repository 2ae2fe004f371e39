package dev.rivulet.sample.fraud.rules;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code card-velocity} processor: more than {@code velocityLimit} payments of a card in a
 * sliding {@code velocityWindow} raise an alert. Built on the window API: a
 * {@link Windows#sliding sliding} window per payment ("the payments of the last 10 minutes up to
 * this one") counts the payments, and this processor turns the windows' final results into
 * alerts. Final results are emitted once the watermark passes a window, so they do not depend on
 * the order payments arrive in.
 *
 * <p>Episode: a window over the limit; the following windows that overlap it (the same burst)
 * raise nothing, the first one that starts after it may raise the next alert. State: the window
 * panes (declared by the aggregation) and the end of the last alerted window.
 */
public final class VelocityProcessor implements KeyedProcessor<String, Payment, FraudAlert> {

  /** The processor id (names its changelog topics: keep it stable). */
  public static final String ID = "card-velocity";

  /** End (exclusive, event time) of the last window that raised an alert. */
  static final ValueStateSpec<Long> ALERTED_UNTIL =
      StateSpec.value("alerted-until", Long.class).ttl(Duration.ofDays(1));

  private final int limit;
  private final Duration size;
  private final WindowedAggregation<String, Payment, PaymentIds> window;

  /** A processor with the given limit and window. */
  public VelocityProcessor(RuleSettings settings) {
    this.limit = settings.velocityLimit();
    this.size = settings.velocityWindow();
    this.window = WindowedAggregation
        .<String, Payment, PaymentIds>of(Windows.sliding(settings.velocityWindow()))
        .aggregator(() -> PaymentIds.EMPTY, PaymentIds::add, PaymentIds::merge)
        .accumulatorType(PaymentIds.class)
        .build();
  }

  /** The definition to run: input {@code topics.payments()}, output {@code topics.alerts()}. */
  public static ProcessorDefinition<String, Payment, FraudAlert> definition(FraudTopics topics,
      RuleSettings settings) {
    VelocityProcessor processor = new VelocityProcessor(settings);
    return processor.window.declareOn(
            ProcessorDefinition.<String, Payment, FraudAlert>builder(ID, processor))
        .keyType(String.class)
        .input(topics.payments(), Payment.class)
        .output(topics.alerts(), FraudAlert.class)
        .state(ALERTED_UNTIL)
        .timestampExtractor((payment, recordTime) ->
            payment == null ? recordTime : payment.eventTime().toEpochMilli())
        .maxOutOfOrderness(settings.maxOutOfOrderness())
        .idleTimeout(settings.idleTimeout())
        .errorPolicy(ErrorPolicy.DEAD_LETTER)
        .build();
  }

  @Override
  public void process(@Nullable Payment payment, KeyedContext<String, FraudAlert> ctx) {
    window.operator().process(payment, ctx, early -> { });
  }

  @Override
  public void onTimer(long time, KeyedContext<String, FraudAlert> ctx) {
    window.operator().onTimer(time, ctx, result -> {
      if (result.isFinal() && result.aggregate().count() > limit) {
        alert(result, ctx);
      }
    });
  }

  private void alert(WindowResult<String, PaymentIds> result,
      KeyedContext<String, FraudAlert> ctx) {
    ValueState<Long> alertedUntil = ctx.state(ALERTED_UNTIL);
    Long until = alertedUntil.get();
    if (until != null && result.start() < until) {
      return; // overlaps the window that already alerted: the same burst
    }
    long last = result.end() - 1;
    String evidence = result.aggregate().count() + " payments within " + Amounts.duration(size)
        + " up to " + Amounts.time(Instant.ofEpochMilli(last)) + " (limit " + limit + ")";
    ctx.emit(result.key(), FraudAlert.of(Rule.VELOCITY, result.key(), evidence,
        result.aggregate().ids(), Instant.ofEpochMilli(last)), last);
    alertedUntil.put(result.end());
  }
}
