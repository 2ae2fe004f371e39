package dev.rivulet.sample.fraud.dashboard;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Rule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The page's alert feed: a consumer group of its own on the alerts topic (committed alerts
 * only), keeping the latest {@value #KEPT} alerts and the count per rule. Thread-safe.
 */
@Component
class AlertFeed {
  static final int KEPT = 100;

  private final Deserializer<FraudAlert> json =
      RivuletSerdes.json(FraudAlert.class).deserializer();
  private final ArrayDeque<Received> latest = new ArrayDeque<>(KEPT);
  private final Map<Rule, Long> byRule = new EnumMap<>(Rule.class);

  /**
   * An alert as the page shows it.
   *
   * @param alert the alert
   * @param received when this application read it
   */
  record Received(FraudAlert alert, Instant received) {}

  @KafkaListener(id = "${spring.application.name}-alert-feed",
      topics = "${fraud.topics.alerts:fraud-alerts}",
      properties = {"isolation.level=read_committed", "auto.offset.reset=earliest"})
  void onAlert(ConsumerRecord<String, String> record) {
    FraudAlert alert = json.deserialize(record.topic(),
        record.value().getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      if (latest.size() == KEPT) {
        latest.removeLast();
      }
      latest.addFirst(new Received(alert, Instant.now()));
      byRule.merge(alert.rule(), 1L, Long::sum);
    }
  }

  /** The latest alerts, newest first. */
  synchronized List<Received> latest() {
    return new ArrayList<>(latest);
  }

  /** Alerts read so far per rule (every rule listed). */
  synchronized Map<Rule, Long> countsByRule() {
    Map<Rule, Long> counts = new EnumMap<>(Rule.class);
    for (Rule rule : Rule.values()) {
      counts.put(rule, byRule.getOrDefault(rule, 0L));
    }
    return counts;
  }
}
