package dev.rivulet.sample.fraud.generator;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.fraud.model.CardActivity;
import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.rules.TravelModel;
import dev.rivulet.sample.support.EventClock;
import dev.rivulet.sample.support.SampleGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends the {@link Simulation}'s records to Kafka as event time advances on an
 * {@link EventClock}: payments to the payments topic, card events to the card-events topic, keyed
 * by card id, with the Kafka timestamp set to the event time. Payments of an injected fraud carry
 * the header {@value #INJECTED_HEADER} with the rule's name; the frauds are listed in
 * {@link #groundTruth()}.
 *
 * <p>Runs on its own thread between {@link #start()} and {@link #close()} (see
 * {@link SampleGenerator}); the getters are thread-safe.
 */
public final class TrafficGenerator extends SampleGenerator<Simulation> {

  /** Header on the payments of an injected fraud: the rule that should fire. */
  public static final String INJECTED_HEADER = "fraud-injected";

  private static final Logger log = LoggerFactory.getLogger(TrafficGenerator.class);

  private final GeneratorSettings settings;
  private final FraudTopics topics;
  private final TravelModel travel;
  private final KafkaTemplate<String, String> template;
  private final GroundTruth groundTruth = new GroundTruth();
  private final Serializer<Payment> payments = RivuletSerdes.json(Payment.class).serializer();
  private final Serializer<CardEvent> cardEvents =
      RivuletSerdes.json(CardEvent.class).serializer();
  private final AtomicLong paymentsSent = new AtomicLong();
  private final AtomicLong cardEventsSent = new AtomicLong();

  /**
   * A generator that is not started yet.
   *
   * @param settings what to generate and how fast
   * @param topics where to send it
   * @param travel the travel model of the rules (trips abroad are generated slower than it)
   * @param template sends the records (String keys and JSON String values)
   * @param wallClock the wall clock, millis
   */
  public TrafficGenerator(GeneratorSettings settings, FraudTopics topics, TravelModel travel,
      KafkaTemplate<String, String> template, LongSupplier wallClock) {
    super("traffic generator", "fraud-generator", settings, wallClock);
    this.settings = settings;
    this.topics = topics;
    this.travel = travel;
    this.template = template;
  }

  @Override
  protected Simulation simulationAt(long origin) {
    return new Simulation(settings, travel, origin, groundTruth::add);
  }

  @Override
  protected void advance(Simulation simulation, long eventTime) {
    for (Generated generated : simulation.advanceTo(eventTime)) {
      send(generated);
    }
  }

  @Override
  protected void started(EventClock clock) {
    log.info("Traffic generator started: {} cards, seed {}, event time from {} at {}x until it "
        + "catches up with the clock, {}", settings.cards(), settings.seed(),
        Instant.ofEpochMilli(clock.eventStart()), settings.speed(),
        settings.maxInjections() == 0 ? "no injected frauds"
            : "a fraud injected every " + settings.injectionInterval() + " of event time");
  }

  @Override
  protected void stopped() {
    log.info("Traffic generator stopped after {} payments, {} card events, {} injected frauds",
        paymentsSent(), cardEventsSent(), groundTruth.injected().size());
  }

  private void send(Generated generated) {
    CardActivity activity = generated.activity();
    String topic;
    byte[] json;
    if (activity instanceof Payment payment) {
      topic = topics.payments();
      json = payments.serialize(topic, payment);
      paymentsSent.incrementAndGet();
    } else {
      topic = topics.cardEvents();
      json = cardEvents.serialize(topic, (CardEvent) activity);
      cardEventsSent.incrementAndGet();
    }
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, null,
        activity.eventTime().toEpochMilli(), activity.cardId(),
        new String(json, StandardCharsets.UTF_8));
    if (generated.fraud() != null) {
      record.headers().add(INJECTED_HEADER,
          generated.fraud().rule().name().getBytes(StandardCharsets.UTF_8));
    }
    template.send(record);
  }

  /** The injected frauds so far. */
  public GroundTruth groundTruth() {
    return groundTruth;
  }

  /**
   * Injects a fraud now, on top of the schedule: its payments go out with the next ticks and it
   * joins the ground truth ({@code GET /generator}). Runs on the generator's thread.
   *
   * @throws IllegalStateException if the generator is not running
   */
  public void injectNow() {
    execute(Simulation::injectNow);
  }

  /** Payments sent so far. */
  public long paymentsSent() {
    return paymentsSent.get();
  }

  /** Card events sent so far. */
  public long cardEventsSent() {
    return cardEventsSent.get();
  }
}
