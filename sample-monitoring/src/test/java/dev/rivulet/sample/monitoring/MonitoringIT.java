package dev.rivulet.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.generator.Incident;
import dev.rivulet.sample.monitoring.generator.IncidentReport;
import dev.rivulet.sample.monitoring.generator.MetricsGenerator;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceStats;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application on a real (embedded) broker with its generator on: a latency spike, an error
 * burst and a silence each fire once and resolve once, nothing else is raised; statistics per
 * window on the stats topic; service state over REST, health, readiness and Prometheus.
 */
@SpringBootTest(classes = MonitoringApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=monitoring-it",
        "rivulet.state-dir=target/it-state/monitoring-${random.uuid}",
        "monitoring.topics.metrics=it-metrics",
        "monitoring.topics.stats=it-stats",
        "monitoring.topics.alerts=it-alerts",
        "monitoring.generator.enabled=true",
        "monitoring.generator.seed=3",
        "monitoring.generator.speed=60",
        "monitoring.generator.backfill=12h",
        "monitoring.generator.warmup=12m",
        "monitoring.generator.incident-interval=12m",
        "monitoring.generator.silence-duration=8m",
        "monitoring.generator.max-incidents=3",
        "monitoring.heartbeat.timeout=3s"})
@RivuletTestBroker(topics = {"it-metrics:4", "it-stats:4", "it-alerts:4"})
@DirtiesContext // close the application while the shared broker still runs
class MonitoringIT {

  @Autowired MetricsGenerator generator;
  @Autowired Rivulet rivulet;
  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;
  @LocalServerPort int port;

  @Test
  void eachIncidentFiresOnceAndResolvesOnce() throws Exception {
    try (TopicReader<ServiceAlert> alerts = new TopicReader<>(bootstrapServers, "it-alerts",
        RivuletSerdes.json(ServiceAlert.class).deserializer())) {
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        IncidentReport report = generator.incidents().compare(alerts.poll());
        return report.incidents() == 3 && report.handled().size() == 3;
      });
      List<Incident> incidents = generator.incidents().incidents();
      Settling.settle(rivulet, 8, incidents.get(2).end().plus(Duration.ofMinutes(10)),
          Duration.ofSeconds(60));

      IncidentReport report = generator.incidents().compare(alerts.readToEnd());
      assertThat(report.handled()).extracting(Incident::kind)
          .containsExactlyInAnyOrder(ServiceAlert.Kind.values());
      assertThat(report.duplicates()).isEmpty();
      assertThat(report.unexpected()).as("false alarms").isEmpty();
    }

    try (TopicReader<ServiceStats> stats = new TopicReader<>(bootstrapServers, "it-stats",
        RivuletSerdes.json(ServiceStats.class).deserializer())) {
      List<ServiceStats> windows = stats.readToEnd();
      assertThat(windows).hasSizeGreaterThan(6 * 30);
      assertThat(windows).allSatisfy(w -> {
        assertThat(w.end()).isEqualTo(w.start().plus(Duration.ofMinutes(1)));
        assertThat(w.p50()).isLessThanOrEqualTo(w.p95());
        assertThat(w.p95()).isLessThanOrEqualTo(w.p99());
      });
    }

    JsonNode checkout = json("/services/checkout");
    assertThat(checkout.get("baseline").get("latency").get("windows").asLong()).isPositive();
    assertThat(checkout.get("heartbeat").get("status").asString()).isEqualTo("OK");
    JsonNode routed = json("/rivulet/v1/state/service-stats/baseline/keys/checkout");
    assertThat(routed.get("value").get("latency").get("windows").asLong()).isPositive();
    assertThat(routed.get("forwarded").asBoolean()).isFalse();
    var nope = get("/services/nope");
    assertThat(nope.statusCode()).isEqualTo(404);
    assertThat(nope.body())
        .contains("No baseline or heartbeat for service nope", "\"ownedHere\":true");
    assertThat(json("/actuator/rivulet/service-stats/baseline/checkout").get("found")
        .asBoolean()).isTrue();
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    // the sample's defaults: no health details for anonymous callers
    JsonNode health = json("/actuator/health");
    assertThat(health.get("status").asString()).isEqualTo("UP"); // rivulet's health included
    assertThat(health.has("components")).isFalse();
    assertThat(get("/actuator/health/rivulet").statusCode()).isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        get("/actuator/prometheus").body()).contains("monitoring_alerts_total{",
            "rivulet_timers_fired_total{", "monitoring_generator_samples "));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }
}
