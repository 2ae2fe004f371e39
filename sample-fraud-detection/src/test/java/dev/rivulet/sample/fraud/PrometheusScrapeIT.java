package dev.rivulet.sample.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The application's real Prometheus scrape, taken once every task runs and the first alert has
 * been read (meters such as {@code fraud_alerts_total} exist only from then on), written to
 * {@code target/prometheus-scrape.txt}: the deploy module's {@code DashboardMetricsTest} checks
 * the Grafana dashboard's metric names against it.
 */
@SpringBootTest(classes = FraudDetectionApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=fraud-scrape-it",
        "rivulet.state-dir=target/it-state/scrape-${random.uuid}",
        "fraud.topics.payments=scrape-payments",
        "fraud.topics.card-events=scrape-card-events",
        "fraud.topics.alerts=scrape-alerts",
        "fraud.generator.enabled=true",
        "fraud.generator.seed=11",
        "fraud.generator.cards=40",
        "fraud.generator.speed=240",
        "fraud.generator.backfill=12h",
        "fraud.generator.max-injections=2"})
@RivuletTestBroker(topics = {"scrape-payments:4", "scrape-card-events:4", "scrape-alerts:4"})
@DirtiesContext // close the application while the shared broker still runs
class PrometheusScrapeIT {
  static final Path SCRAPE = Path.of("target", "prometheus-scrape.txt");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Autowired Rivulet rivulet;
  @LocalServerPort int port;

  @Test
  void writesTheScrapeOfTheRunningApplication() throws Exception {
    // the GC pause timer is registered at the first collection: have one before scraping
    System.gc();
    await().atMost(Duration.ofSeconds(60)).until(() -> rivulet.tasks().size() == 8
        && rivulet.tasks().stream().allMatch(t -> t.state() == TaskState.RUNNING)
        && scrape().contains("\njvm_gc_pause_seconds_count{")
        && scrape().contains("\nfraud_alerts_total{"));

    String scrape = scrape();
    assertThat(scrape).contains("# HELP rivulet_records_in_total Input records processed",
        "# TYPE rivulet_records_in_total counter",
        "# TYPE rivulet_processing_latency_seconds histogram", "\nfraud_generator_payments ");
    Files.writeString(SCRAPE, scrape);
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
