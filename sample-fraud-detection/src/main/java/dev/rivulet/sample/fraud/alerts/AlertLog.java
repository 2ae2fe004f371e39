package dev.rivulet.sample.fraud.alerts;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.fraud.generator.DetectionReport;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A downstream consumer of the alerts topic, as any alert handler would be: reads with
 * {@code isolation.level=read_committed} (Rivulet writes alerts in transactions; a plain consumer
 * would also see aborted ones), logs each alert, counts them by rule (counter
 * {@code fraud.alerts}, tag {@code rule}) and logs a summary every {@code fraud.summary-interval}:
 * payment rate, alerts by rule and, with the generator on, detection against its ground truth.
 */
@Component
public class AlertLog {
  private static final Logger log = LoggerFactory.getLogger(AlertLog.class);

  private final Deserializer<FraudAlert> json =
      RivuletSerdes.json(FraudAlert.class).deserializer();
  private final Optional<TrafficGenerator> generator;
  private final MeterRegistry registry;
  private final Map<Rule, Counter> counters = new ConcurrentHashMap<>();
  private final List<FraudAlert> alerts = new ArrayList<>();
  private final AtomicLong lastPayments = new AtomicLong();
  private volatile long lastSummaryNanos = System.nanoTime();

  AlertLog(ObjectProvider<TrafficGenerator> generator, MeterRegistry registry) {
    this.generator = Optional.ofNullable(generator.getIfAvailable());
    this.registry = registry;
  }

  @KafkaListener(id = "${spring.application.name}-alert-log",
      topics = "${fraud.topics.alerts:fraud-alerts}",
      properties = {"isolation.level=read_committed", "auto.offset.reset=earliest"})
  void onAlert(ConsumerRecord<String, String> record) {
    FraudAlert alert = json.deserialize(record.topic(),
        record.value().getBytes(StandardCharsets.UTF_8));
    if (generator.isPresent()) { // kept to compare with the ground truth
      synchronized (alerts) {
        alerts.add(alert);
      }
    }
    counters.computeIfAbsent(alert.rule(), rule -> Counter.builder("fraud.alerts")
        .tag("rule", rule.name()).description("Fraud alerts read from the alerts topic")
        .register(registry)).increment();
    String truth = generator.map(g -> g.groundTruth().injected().stream()
        .anyMatch(f -> f.rule() == alert.rule() && f.cardId().equals(alert.cardId()))
            ? " [injected]" : " [NOT INJECTED]").orElse("");
    log.info("ALERT {} card={} at {}: {}{}", alert.rule(), alert.cardId(), alert.eventTime(),
        alert.evidence(), truth);
  }

  /** The alerts read so far, in order, while the generator runs (otherwise none are kept). */
  public List<FraudAlert> alerts() {
    synchronized (alerts) {
      return List.copyOf(alerts);
    }
  }

  @Scheduled(fixedRateString = "${fraud.summary-interval:10s}",
      initialDelayString = "${fraud.summary-interval:10s}")
  void summary() {
    Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
    counters.forEach((rule, counter) -> byRule.put(rule, (long) counter.count()));
    long total = byRule.values().stream().mapToLong(Long::longValue).sum();
    long now = System.nanoTime();
    double seconds = Math.max(0.001, (now - lastSummaryNanos) / 1e9);
    lastSummaryNanos = now;
    if (generator.isEmpty()) {
      log.info("SUMMARY alerts={} by rule {}", total, byRule);
      return;
    }
    TrafficGenerator g = generator.get();
    long payments = g.paymentsSent();
    double rate = (payments - lastPayments.getAndSet(payments)) / seconds;
    DetectionReport report = g.groundTruth().compare(alerts());
    log.info(String.format(Locale.ROOT, "SUMMARY payments=%d (%.1f/s), alerts=%d by "
        + "rule %s | injected=%d detected=%d pending=%d duplicates=%d unexpected=%d | "
        + "generator event time %s", payments, rate, total, byRule, report.injected(),
        report.detected(), report.missed().size(), report.duplicates().size(),
        report.unexpected().size(), Instant.ofEpochMilli(g.eventTime())));
  }
}
