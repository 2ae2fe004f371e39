package dev.rivulet.sample.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.sample.fraud.generator.DetectionReport;
import dev.rivulet.sample.fraud.generator.InjectedFraud;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Rule;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
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
 * The application on a real (embedded) broker with its generator on: ten injected frauds, two per
 * rule, each alerted exactly once and nothing else; the profile over REST and Actuator, health,
 * readiness and Prometheus metrics.
 */
@SpringBootTest(classes = FraudDetectionApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=fraud-detection-it",
        "rivulet.state-dir=target/it-state/detection-${random.uuid}",
        "fraud.topics.payments=detection-payments",
        "fraud.topics.card-events=detection-card-events",
        "fraud.topics.alerts=detection-alerts",
        "fraud.generator.enabled=true",
        "fraud.generator.seed=7",
        "fraud.generator.cards=80",
        "fraud.generator.speed=240",
        "fraud.generator.backfill=12h",
        "fraud.generator.max-injections=10"})
@RivuletTestBroker(topics = {"detection-payments:4", "detection-card-events:4",
    "detection-alerts:4"})
@DirtiesContext // close the application while the shared broker still runs
class FraudDetectionIT {
  private static final int INJECTIONS = 10;

  @Autowired TrafficGenerator generator;
  @Autowired Rivulet rivulet;
  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;
  @LocalServerPort int port;

  @Test
  void everyInjectedFraudIsAlertedExactlyOnce() throws Exception {
    try (AlertReader reader = new AlertReader(bootstrapServers, "detection-alerts")) {
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        List<InjectedFraud> injected = generator.groundTruth().injected();
        return injected.size() == INJECTIONS
            && generator.groundTruth().compare(reader.poll()).missed().isEmpty();
      });
      List<InjectedFraud> injected = generator.groundTruth().injected();
      // an hour of event time after the last fraud: time enough for any duplicate to show up
      Settling.settle(rivulet, 8, injected.get(INJECTIONS - 1).eventTime().plusSeconds(3600),
          Duration.ofSeconds(60));
      List<FraudAlert> alerts = reader.readToEnd();

      DetectionReport report = generator.groundTruth().compare(alerts);
      assertThat(report.missed()).isEmpty();
      assertThat(report.duplicates()).isEmpty();
      assertThat(report.unexpected()).as("false positives").isEmpty();
      assertThat(report.detectedByRule()).containsOnlyKeys(Rule.values())
          .allSatisfy((rule, n) -> assertThat(n).isEqualTo(2));
      assertThat(alerts).hasSize(INJECTIONS);
    }

    Http http = new Http(port);
    InjectedFraud blocked = generator.groundTruth().injected().stream()
        .filter(f -> f.rule() == Rule.BLOCKED_CARD).findFirst().orElseThrow();
    JsonNode profile = http.json("/cards/" + blocked.cardId() + "/profile");
    assertThat(profile.get("partition").asInt())
        .isEqualTo(rivulet.partitionFor("card-fraud", blocked.cardId()));
    assertThat(profile.get("profile").get("lastAlerts").has("BLOCKED_CARD")).isTrue();
    JsonNode routed = http.json("/rivulet/v1/state/card-fraud/profile/keys/" + blocked.cardId());
    assertThat(routed.get("value").get("lastAlerts").has("BLOCKED_CARD")).isTrue();
    assertThat(routed.get("forwarded").asBoolean()).isFalse();
    assertThat(routed.get("position").size()).isPositive();
    var unknown = http.get("/cards/no-such-card/profile");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("No profile for card no-such-card", "\"ownedHere\":true",
        "\"partition\":" + rivulet.partitionFor("card-fraud", "no-such-card"));

    JsonNode query = http.json("/actuator/rivulet/card-fraud/profile/" + blocked.cardId());
    assertThat(query.get("local").asBoolean()).isTrue();
    assertThat(query.get("value").get("homeCountry").isString()).isTrue();

    assertThat(http.json("/generator").get("detection").get("detected").asInt())
        .isEqualTo(INJECTIONS);
    assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    // the sample's defaults: no health details for anonymous callers, no write operations
    JsonNode health = http.json("/actuator/health");
    assertThat(health.get("status").asString()).isEqualTo("UP"); // rivulet's health included
    assertThat(health.has("components")).isFalse();
    assertThat(http.get("/actuator/health/rivulet").statusCode()).isEqualTo(404);
    assertThat(http.post("/actuator/rivulet/card-fraud", "{\"action\":\"pause\"}").statusCode())
        .isIn(404, 405);
    assertThat(rivulet.isPaused("card-fraud")).isFalse();
    String scrape = http.get("/actuator/prometheus").body();
    assertThat(scrape).contains("rivulet_records_in_total{", "fraud_generator_payments ");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Arrays.stream(
        http.get("/actuator/prometheus").body().split("\n"))
        .filter(l -> l.startsWith("fraud_alerts_total{")).count()).isEqualTo(5));
  }

  /** A minimal HTTP client for the application under test. */
  record Http(int port) {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    HttpResponse<String> get(String path) throws Exception {
      return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
      return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }
  }
}
