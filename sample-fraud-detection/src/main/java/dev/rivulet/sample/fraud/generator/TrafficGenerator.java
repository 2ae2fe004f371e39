package dev.rivulet.sample.fraud.generator;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.fraud.model.CardActivity;
import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.rules.TravelModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
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
 * <p>Runs on its own thread between {@link #start()} and {@link #close()}; the getters are
 * thread-safe.
 */
public final class TrafficGenerator implements AutoCloseable {

  /** Header on the payments of an injected fraud: the rule that should fire. */
  public static final String INJECTED_HEADER = "fraud-injected";

  private static final Logger log = LoggerFactory.getLogger(TrafficGenerator.class);

  private final GeneratorSettings settings;
  private final FraudTopics topics;
  private final TravelModel travel;
  private final KafkaTemplate<String, String> template;
  private final LongSupplier wallClock;
  private final GroundTruth groundTruth = new GroundTruth();
  private final Serializer<Payment> payments = RivuletSerdes.json(Payment.class).serializer();
  private final Serializer<CardEvent> cardEvents =
      RivuletSerdes.json(CardEvent.class).serializer();
  private final AtomicLong paymentsSent = new AtomicLong();
  private final AtomicLong cardEventsSent = new AtomicLong();
  private volatile long eventTime = Long.MIN_VALUE;
  private volatile long origin = Long.MIN_VALUE;
  private @Nullable ScheduledExecutorService executor;
  private @Nullable Simulation simulation;

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
    this.settings = settings;
    this.topics = topics;
    this.travel = travel;
    this.template = template;
    this.wallClock = wallClock;
  }

  /** Starts sending; event time starts {@code backfill} before now. Once only. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("Generator already started");
    }
    long wall = wallClock.getAsLong();
    EventClock clock = new EventClock(wall, wall - settings.backfill().toMillis(),
        settings.speed());
    origin = clock.eventStart();
    Simulation simulation = new Simulation(settings, travel, origin, groundTruth::add);
    this.simulation = simulation;
    ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "fraud-generator");
      thread.setDaemon(true);
      return thread;
    });
    exec.scheduleWithFixedDelay(() -> tick(simulation, clock), 0, settings.tick().toMillis(),
        TimeUnit.MILLISECONDS);
    executor = exec;
    log.info("Traffic generator started: {} cards, seed {}, event time from {} at {}x until it "
        + "catches up with the clock, {}", settings.cards(), settings.seed(),
        Instant.ofEpochMilli(clock.eventStart()), settings.speed(),
        settings.maxInjections() == 0 ? "no injected frauds"
            : "a fraud injected every " + settings.injectionInterval() + " of event time");
  }

  private void tick(Simulation simulation, EventClock clock) {
    try {
      long target = clock.eventTimeAt(wallClock.getAsLong());
      for (Generated generated : simulation.advanceTo(target)) {
        send(generated);
      }
      eventTime = target;
    } catch (RuntimeException e) {
      log.warn("Generator tick failed; retrying on the next tick", e);
    }
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

  /** Payments sent so far. */
  /**
   * Injects a fraud now, on top of the schedule: its payments go out with the next ticks and it
   * joins the ground truth ({@code GET /generator}). Runs on the generator's thread.
   *
   * @throws IllegalStateException if the generator is not running
   */
  public synchronized void injectNow() {
    ScheduledExecutorService exec = executor;
    Simulation sim = simulation;
    if (exec == null || sim == null || exec.isShutdown()) {
      throw new IllegalStateException("The traffic generator is not running");
    }
    exec.execute(sim::injectNow);
  }

  public long paymentsSent() {
    return paymentsSent.get();
  }

  /** Card events sent so far. */
  public long cardEventsSent() {
    return cardEventsSent.get();
  }

  /** Event time the generator started at, or {@link Long#MIN_VALUE} before it started. */
  public long origin() {
    return origin;
  }

  /** Event time the generator has reached, or {@link Long#MIN_VALUE} before its first tick. */
  public long eventTime() {
    return eventTime;
  }

  /**
   * Stops sending. Records still buffered in the template's producer go out when it is flushed
   * or closed (not here: at JVM exit the broker may already be gone). Idempotent.
   */
  @Override
  public synchronized void close() {
    ScheduledExecutorService exec = executor;
    if (exec == null || exec.isShutdown()) {
      return;
    }
    exec.shutdown();
    try {
      if (!exec.awaitTermination(10, TimeUnit.SECONDS)) {
        exec.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Traffic generator stopped after {} payments, {} card events, {} injected frauds",
        paymentsSent(), cardEventsSent(), groundTruth.injected().size());
  }
}
