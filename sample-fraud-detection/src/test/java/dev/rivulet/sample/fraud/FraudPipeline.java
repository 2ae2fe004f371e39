package dev.rivulet.sample.fraud;

import dev.rivulet.sample.fraud.model.CardActivity;
import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.sample.fraud.rules.RuleSettings;
import dev.rivulet.sample.fraud.rules.VelocityProcessor;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: both fraud processors in {@link ProcessorTestDriver}s (no broker), fed record by
 * record like the runtime feeds them. Every {@value #IDLE_EVERY} records the processing-time
 * clock moves past the idle timeout, so that a quiet input stops holding the watermark back (as
 * wall-clock time passing would); {@link #flush()} moves the watermark past every record sent so
 * that all alerts are out. (The driver commits after each step, with a synced RocksDB write:
 * fewer steps, faster tests.)
 */
public final class FraudPipeline implements AutoCloseable {
  private static final String CLOCK_KEY = "~clock";
  private static final int IDLE_EVERY = 20;

  private final FraudTopics topics = FraudTopics.defaults();
  private final RuleSettings settings;
  private final ProcessorTestDriver<String, CardActivity, FraudAlert> cardFraud;
  private final ProcessorTestDriver<String, Payment, FraudAlert> velocity;
  private final List<FraudAlert> alerts = new ArrayList<>();
  private long latest;
  private int sent;

  public FraudPipeline() {
    this(RuleSettings.defaults());
  }

  public FraudPipeline(RuleSettings settings) {
    this.settings = settings;
    this.cardFraud = ProcessorTestDriver.of(CardFraudProcessor.definition(topics, settings));
    this.velocity = ProcessorTestDriver.of(VelocityProcessor.definition(topics, settings));
  }

  /** Sends a payment or card event to the processors that read its topic. */
  public FraudPipeline send(CardActivity activity) {
    long time = activity.eventTime().toEpochMilli();
    latest = Math.max(latest, time);
    if (activity instanceof Payment payment) {
      cardFraud.pipe(topics.payments(), payment.cardId(), payment, time);
      velocity.pipe(topics.payments(), payment.cardId(), payment, time);
    } else {
      cardFraud.pipe(topics.cardEvents(), activity.cardId(), activity, time);
    }
    if (++sent % IDLE_EVERY == 0) {
      idle();
    }
    collect();
    return this;
  }

  /** Moves the watermark past every record sent so far (with records of a clock key). */
  public FraudPipeline flush() {
    idle();
    Instant after = Instant.ofEpochMilli(latest).plus(settings.maxOutOfOrderness()).plusMillis(1);
    send(new CardEvent(CLOCK_KEY, CardEvent.Status.ACTIVE, null, after));
    Payment tick = new Payment("clock", CLOCK_KEY, "-", BigDecimal.ONE, "EUR", "DE", after);
    velocity.pipe(topics.payments(), CLOCK_KEY, tick, after.toEpochMilli());
    collect();
    return this;
  }

  private void idle() {
    cardFraud.advanceProcessingTime(settings.idleTimeout().plusSeconds(1));
  }

  /** Every alert so far, in emission order (card-fraud's and card-velocity's interleaved). */
  public List<FraudAlert> alerts() {
    return List.copyOf(alerts);
  }

  /** The card-fraud driver, e.g. to read state. */
  public ProcessorTestDriver<String, CardActivity, FraudAlert> cardFraud() {
    return cardFraud;
  }

  private void collect() {
    for (TestRecord<String, FraudAlert> r : cardFraud.readOutput()) {
      alerts.add(r.value());
    }
    for (TestRecord<String, FraudAlert> r : velocity.readOutput()) {
      alerts.add(r.value());
    }
  }

  @Override
  public void close() {
    cardFraud.close();
    velocity.close();
  }
}
