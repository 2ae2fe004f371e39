package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.MonitoringTopics;
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
 * Sends the {@link MetricsSimulation}'s samples to the metrics topic as event time advances:
 * event time starts {@code backfill} before the wall clock, runs {@code speed} times faster and
 * never passes the wall clock. Records are keyed by service with the Kafka timestamp set to the
 * event time. The injected incidents are listed in {@link #incidents()}.
 *
 * <p>Runs on its own thread between {@link #start()} and {@link #close()} (see
 * {@link SampleGenerator}); the getters are thread-safe.
 */
public final class MetricsGenerator extends SampleGenerator<MetricsSimulation> {
  private static final Logger log = LoggerFactory.getLogger(MetricsGenerator.class);

  private final GeneratorSettings settings;
  private final MonitoringTopics topics;
  private final KafkaTemplate<String, String> template;
  private final IncidentLog incidents = new IncidentLog();
  private final Serializer<MetricSample> json =
      RivuletSerdes.json(MetricSample.class).serializer();
  private final AtomicLong sent = new AtomicLong();

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
    super("metrics generator", "metrics-generator", settings, wallClock);
    this.settings = settings;
    this.topics = topics;
    this.template = template;
  }

  @Override
  protected MetricsSimulation simulationAt(long origin) {
    return new MetricsSimulation(settings, origin, incidents::add);
  }

  @Override
  protected void advance(MetricsSimulation simulation, long eventTime) {
    for (MetricSample sample : simulation.advanceTo(eventTime)) {
      send(sample);
    }
  }

  @Override
  protected void started(EventClock clock) {
    log.info("Metrics generator started: seed {}, event time from {} at {}x until it catches up "
        + "with the clock, {}", settings.seed(), Instant.ofEpochMilli(clock.eventStart()),
        settings.speed(), settings.maxIncidents() == 0 ? "no incidents"
            : "an incident every " + settings.incidentInterval() + " of event time after "
                + settings.warmup());
  }

  @Override
  protected void stopped() {
    log.info("Metrics generator stopped after {} samples, {} incidents", samplesSent(),
        incidents.incidents().size());
  }

  /**
   * Starts an incident now, on top of the schedule (the next kind and service in the cycle); it
   * joins the incident log. Runs on the generator's thread.
   *
   * @throws IllegalStateException if the generator is not running
   */
  public void incidentNow() {
    execute(MetricsSimulation::incidentNow);
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
}
