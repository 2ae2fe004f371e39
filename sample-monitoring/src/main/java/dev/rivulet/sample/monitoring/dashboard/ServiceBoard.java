package dev.rivulet.sample.monitoring.dashboard;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What the page shows, read by consumer groups of its own from the stats and alerts topics
 * (committed records only): the last {@value #WINDOWS} windows of each service, the alerts firing
 * now (one per service and kind, until resolved) and the latest {@value #ALERTS} alerts.
 * Thread-safe.
 */
@Component
class ServiceBoard {
  static final int WINDOWS = 90;
  static final int ALERTS = 50;

  private final Deserializer<ServiceStats> statsJson =
      RivuletSerdes.json(ServiceStats.class).deserializer();
  private final Deserializer<ServiceAlert> alertJson =
      RivuletSerdes.json(ServiceAlert.class).deserializer();
  private final Map<String, TreeMap<Instant, ServiceStats>> windows = new TreeMap<>();
  private final Map<String, ServiceAlert> firing = new LinkedHashMap<>();
  private final Map<String, List<ServiceAlert>> fired = new TreeMap<>();
  private final ArrayDeque<Received> latest = new ArrayDeque<>(ALERTS);

  /**
   * An alert and when this application read it.
   *
   * @param alert the alert
   * @param received when it was read
   */
  record Received(ServiceAlert alert, Instant received) {}

  @KafkaListener(id = "${spring.application.name}-dashboard-stats",
      topics = "${monitoring.topics.stats:service-stats}",
      properties = {"isolation.level=read_committed", "auto.offset.reset=earliest"})
  void onStats(ConsumerRecord<String, String> record) {
    ServiceStats stats = statsJson.deserialize(record.topic(),
        record.value().getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      TreeMap<Instant, ServiceStats> service =
          windows.computeIfAbsent(stats.service(), s -> new TreeMap<>());
      service.put(stats.start(), stats);
      while (service.size() > WINDOWS) {
        service.pollFirstEntry();
      }
    }
  }

  @KafkaListener(id = "${spring.application.name}-dashboard-alerts",
      topics = "${monitoring.topics.alerts:service-alerts}",
      properties = {"isolation.level=read_committed", "auto.offset.reset=earliest"})
  void onAlert(ConsumerRecord<String, String> record) {
    ServiceAlert alert = alertJson.deserialize(record.topic(),
        record.value().getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      String key = alert.service() + "/" + alert.kind();
      if (alert.state() == ServiceAlert.State.FIRING) {
        firing.put(key, alert);
        fired.computeIfAbsent(alert.service(), s -> new ArrayList<>()).add(alert);
      } else {
        firing.remove(key);
      }
      if (latest.size() == ALERTS) {
        latest.removeLast();
      }
      latest.addFirst(new Received(alert, Instant.now()));
    }
  }

  /** The kept windows of each service, oldest first. */
  synchronized Map<String, List<ServiceStats>> windows() {
    Map<String, List<ServiceStats>> copy = new TreeMap<>();
    windows.forEach((service, w) -> copy.put(service, List.copyOf(w.values())));
    return copy;
  }

  /** Alerts firing now, oldest first. */
  synchronized List<ServiceAlert> firing() {
    return List.copyOf(firing.values());
  }

  /** Firing alerts of a service whose event time is at or after {@code from}. */
  synchronized List<ServiceAlert> firedSince(String service, Instant from) {
    return fired.getOrDefault(service, List.of()).stream()
        .filter(a -> !a.eventTime().isBefore(from)).toList();
  }

  /** The latest alerts, newest first. */
  synchronized List<Received> latest() {
    return List.copyOf(latest);
  }
}
