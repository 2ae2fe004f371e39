package dev.rivulet.sample.monitoring.alerts;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.generator.IncidentReport;
import dev.rivulet.sample.monitoring.generator.MetricsGenerator;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A downstream consumer of the alerts topic: reads with {@code isolation.level=read_committed}
 * (alerts are written in transactions), logs each alert, counts them (counter
 * {@code monitoring.alerts}, tags {@code kind} and {@code state}) and logs a summary every
 * {@code monitoring.summary-interval}, with the generator on comparing alerts with its incidents.
 */
@Component
public class AlertLog {
  private static final Logger log = LoggerFactory.getLogger(AlertLog.class);

  private final Deserializer<ServiceAlert> json =
      RivuletSerdes.json(ServiceAlert.class).deserializer();
  private final Optional<MetricsGenerator> generator;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final List<ServiceAlert> alerts = new ArrayList<>();

  AlertLog(ObjectProvider<MetricsGenerator> generator, MeterRegistry registry) {
    this.generator = Optional.ofNullable(generator.getIfAvailable());
    this.registry = registry;
  }

  @KafkaListener(id = "${spring.application.name}-alert-log",
      topics = "${monitoring.topics.alerts:service-alerts}",
      properties = {"isolation.level=read_committed", "auto.offset.reset=earliest"})
  void onAlert(ConsumerRecord<String, String> record) {
    ServiceAlert alert = json.deserialize(record.topic(),
        record.value().getBytes(StandardCharsets.UTF_8));
    if (generator.isPresent()) { // kept to compare with the incidents
      synchronized (alerts) {
        alerts.add(alert);
      }
    }
    counters.computeIfAbsent(alert.kind() + "/" + alert.state(), k -> Counter
        .builder("monitoring.alerts").tag("kind", alert.kind().name())
        .tag("state", alert.state().name()).description("Service alerts read from the topic")
        .register(registry)).increment();
    log.info("ALERT {} {} service={} at {}: {}", alert.state(), alert.kind(), alert.service(),
        alert.eventTime(), alert.evidence());
  }

  /** The alerts read so far, in order, while the generator runs (otherwise none are kept). */
  public List<ServiceAlert> alerts() {
    synchronized (alerts) {
      return List.copyOf(alerts);
    }
  }

  @Scheduled(fixedRateString = "${monitoring.summary-interval:10s}",
      initialDelayString = "${monitoring.summary-interval:10s}")
  void summary() {
    Map<String, Long> counts = new TreeMap<>();
    counters.forEach((key, counter) -> counts.put(key, (long) counter.count()));
    if (generator.isEmpty()) {
      log.info("SUMMARY alerts {}", counts);
      return;
    }
    MetricsGenerator g = generator.get();
    IncidentReport report = g.incidents().compare(alerts());
    log.info("SUMMARY samples={} alerts {} | incidents={} handled={} open={} missed={} "
        + "duplicates={} unexpected={} | generator event time {}", g.samplesSent(), counts,
        report.incidents(), report.handled().size(), report.open().size(),
        report.missed().size(), report.duplicates().size(), report.unexpected().size(),
        Instant.ofEpochMilli(g.eventTime()));
  }
}
