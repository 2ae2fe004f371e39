package dev.rivulet.sample.monitoring;

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
 * been read (meters such as {@code monitoring_alerts_total} exist only from then on), written to
 * {@code target/prometheus-scrape.txt}: the deploy module's {@code DashboardMetricsTest} checks
 * the Grafana dashboard's metric names against it.
 */
@SpringBootTest(classes = MonitoringApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=monitoring-scrape-it",
        "rivulet.state-dir=target/it-state/scrape-${random.uuid}",
        "monitoring.topics.metrics=scrape-metrics",
        "monitoring.topics.stats=scrape-stats",
        "monitoring.topics.alerts=scrape-alerts",
        "monitoring.generator.enabled=true",
        "monitoring.generator.seed=3",
        "monitoring.generator.speed=60",
        "monitoring.generator.backfill=12h",
        "monitoring.generator.warmup=12m",
        "monitoring.generator.incident-interval=12m",
        "monitoring.generator.silence-duration=8m",
        "monitoring.generator.max-incidents=1",
        "monitoring.heartbeat.timeout=3s"})
@RivuletTestBroker(topics = {"scrape-metrics:4", "scrape-stats:4", "scrape-alerts:4"})
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
        && scrape().contains("\nmonitoring_alerts_total{"));

    String scrape = scrape();
    assertThat(scrape).contains("# HELP rivulet_records_in_total Input records processed",
        "# TYPE rivulet_records_in_total counter",
        "# TYPE rivulet_processing_latency_seconds histogram", "\nmonitoring_generator_samples ");
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
