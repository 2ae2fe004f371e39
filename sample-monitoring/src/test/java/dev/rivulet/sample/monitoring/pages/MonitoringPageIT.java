package dev.rivulet.sample.monitoring.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.sample.monitoring.MonitoringApplication;
import dev.rivulet.sample.monitoring.generator.Incident;
import dev.rivulet.sample.monitoring.generator.MetricsGenerator;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import dev.rivulet.spring.test.RivuletTestBroker;
import dev.rivulet.spring.test.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The sample's page in a real (headless) browser, against the application on the shared test
 * broker with its generator on: every service gets latency and error-rate charts with data, the
 * generator's latency spike is marked on its service's chart and listed among the alerts, and
 * its silence shows as firing and marks the service silent. A screenshot under
 * {@code target/browser-screenshots/}.
 */
@SpringBootTest(classes = MonitoringApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=monitoring-page-it",
        "rivulet.state-dir=target/it-state/monitoring-page-${random.uuid}",
        "monitoring.topics.metrics=page-metrics",
        "monitoring.topics.stats=page-stats",
        "monitoring.topics.alerts=page-alerts",
        "monitoring.generator.enabled=true",
        "monitoring.generator.seed=3",
        "monitoring.generator.speed=60",
        "monitoring.generator.backfill=12h",
        "monitoring.generator.warmup=12m",
        "monitoring.generator.incident-interval=12m",
        "monitoring.generator.silence-duration=8m",
        "monitoring.generator.max-incidents=3",
        "monitoring.heartbeat.timeout=3s"})
@RivuletTestBroker(topics = {"page-metrics:4", "page-stats:4", "page-alerts:4"})
@DirtiesContext // close the application while the shared broker still runs
class MonitoringPageIT {
  private static final int SERVICES = 6;

  @Autowired MetricsGenerator generator;
  @LocalServerPort int port;
  private HeadlessChromium browser;
  private ChromeDriver page;

  @BeforeEach
  void open() {
    browser = HeadlessChromium.start();
    page = browser.driver();
  }

  @AfterEach
  void close() {
    browser.close();
  }

  private int points(WebElement chart) {
    String points = chart.getDomAttribute("data-points");
    return points == null ? 0 : Integer.parseInt(points);
  }

  private WebElement service(String name) {
    return page.findElement(By.cssSelector("section[data-service='" + name + "']"));
  }

  @Test
  void chartsEveryServiceMarksTheAnomaliesAndShowsTheSilence() {
    page.get("http://localhost:" + port + "/");
    long opened = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      List<WebElement> services = page.findElements(By.cssSelector("#services section"));
      assertThat(services).hasSize(SERVICES);
      assertThat(page.findElements(By.cssSelector("#services .chart"))).hasSize(2 * SERVICES)
          .allSatisfy(chart -> assertThat(points(chart)).isGreaterThanOrEqualTo(5));
    });
    System.out.printf("monitoring page: %d services charted %.1f s after opening%n", SERVICES,
        (System.nanoTime() - opened) / 1e9);

    await().atMost(Duration.ofSeconds(60)).until(() -> !generator.incidents().incidents()
        .isEmpty());
    Incident spike = generator.incidents().incidents().get(0);
    assertThat(spike.kind()).isEqualTo(Kind.LATENCY_SPIKE);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(page.findElement(By.cssSelector("#alerts tr[data-service='" + spike.service()
          + "'][data-kind=LATENCY_SPIKE]")).isDisplayed()).isTrue();
      assertThat(Integer.parseInt(service(spike.service()).getDomAttribute("data-anomalies")))
          .isPositive();
    });
    System.out.printf("latency spike on %s: listed and marked on its chart %.1f s after "
        + "opening%n", spike.service(), (System.nanoTime() - opened) / 1e9);

    await().atMost(Duration.ofSeconds(90)).until(() -> generator.incidents().incidents().size()
        == 3);
    Incident silence = generator.incidents().incidents().get(2);
    assertThat(silence.kind()).isEqualTo(Kind.SILENCE);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions().untilAsserted(() -> {
          assertThat(page.findElement(By.cssSelector("#firing tr[data-service='"
              + silence.service() + "'][data-kind=SILENCE]")).getText()).contains("silent");
          assertThat(service(silence.service()).getDomAttribute("data-silent"))
              .isEqualTo("true");
        });
    System.out.printf("silence of %s: shown firing %.1f s after opening%n", silence.service(),
        (System.nanoTime() - opened) / 1e9);
    browser.screenshot("monitoring");
  }
}
