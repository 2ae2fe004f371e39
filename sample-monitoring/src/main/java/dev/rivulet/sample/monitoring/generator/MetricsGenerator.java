package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.MonitoringTopics;
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
 * Sends the {@link MetricsSimulation}'s samples to the metrics topic as event time advances:
 * event time starts {@code backfill} before the wall clock, runs {@code speed} times faster and
 * never passes the wall clock. Records are keyed by service with the Kafka timestamp set to the
 * event time. The injected incidents are listed in {@link #incidents()}.
 *
 * <p>Runs on its own thread between {@link #start()} and {@link #close()}; the getters are
 * thread-safe.
 */
public final class MetricsGenerator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsGenerator.class);

  private final GeneratorSettings settings;
  private final MonitoringTopics topics;
  private final KafkaTemplate<String, String> template;
  private final LongSupplier wallClock;
  private final IncidentLog incidents = new IncidentLog();
  private final Serializer<MetricSample> json =
      RivuletSerdes.json(MetricSample.class).serializer();
  private final AtomicLong sent = new AtomicLong();
  private volatile long origin = Long.MIN_VALUE;
  private volatile long eventTime = Long.MIN_VALUE;
  private @Nullable ScheduledExecutorService executor;
  private @Nullable MetricsSimulation simulation;

  /**
   * A generator that is not started yet.
   *
   * @param settings what to generate and how fast
   * @param topics where to send it
   * @param template sends the records (String keys and JSON String values)
   * @param wallClock the wall clock, millis
   */
  public MetricsGenerator(GeneratorSettings settings, MonitoringTopics topics,
      KafkaTemplate<String, String> template, LongSupplier wallClock) {
    this.settings = settings;
    this.topics = topics;
    this.template = template;
    this.wallClock = wallClock;
  }

  /** Starts sending. Once only. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("Generator already started");
    }
    long wallStart = wallClock.getAsLong();
    long start = wallStart - settings.backfill().toMillis();
    origin = start;
    MetricsSimulation simulation = new MetricsSimulation(settings, start, incidents::add);
    this.simulation = simulation;
    ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "metrics-generator");
      thread.setDaemon(true);
      return thread;
    });
    exec.scheduleWithFixedDelay(() -> {
      try {
        long wall = wallClock.getAsLong();
        long target = Math.min(wall, start + (long) ((wall - wallStart) * settings.speed()));
        for (MetricSample sample : simulation.advanceTo(target)) {
          send(sample);
        }
        eventTime = target;
      } catch (RuntimeException e) {
        log.warn("Generator tick failed; retrying on the next tick", e);
      }
    }, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    executor = exec;
    log.info("Metrics generator started: seed {}, event time from {} at {}x until it catches up "
        + "with the clock, {}", settings.seed(), Instant.ofEpochMilli(start), settings.speed(),
        settings.maxIncidents() == 0 ? "no incidents"
            : "an incident every " + settings.incidentInterval() + " of event time after "
                + settings.warmup());
  }

  /**
   * Starts an incident now, on top of the schedule (the next kind and service in the cycle); it
   * joins the incident log. Runs on the generator's thread.
   *
   * @throws IllegalStateException if the generator is not running
   */
  public synchronized void incidentNow() {
    ScheduledExecutorService exec = executor;
    MetricsSimulation sim = simulation;
    if (exec == null || sim == null || exec.isShutdown()) {
      throw new IllegalStateException("The metrics generator is not running");
    }
    exec.execute(sim::incidentNow);
  }

  private void send(MetricSample sample) {
    String topic = topics.metrics();
    template.send(new ProducerRecord<>(topic, null, sample.eventTime().toEpochMilli(),
        sample.service(), new String(json.serialize(topic, sample), StandardCharsets.UTF_8)));
    sent.incrementAndGet();
  }

  /** The injected incidents so far. */
  public IncidentLog incidents() {
    return incidents;
  }

  /** Samples sent so far. */
  public long samplesSent() {
    return sent.get();
  }

  /** Event time the generator started at, or {@link Long#MIN_VALUE} before it started. */
  public long origin() {
    return origin;
  }

  /** Event time the generator has reached, or {@link Long#MIN_VALUE} before its first tick. */
  public long eventTime() {
    return eventTime;
  }

  /** Stops sending (records still buffered in the producer go out when it closes). */
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
    log.info("Metrics generator stopped after {} samples, {} incidents", samplesSent(),
        incidents.incidents().size());
  }
}
