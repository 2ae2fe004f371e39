package dev.rivulet.sample.fraud.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.sample.fraud.FraudDetectionApplication;
import dev.rivulet.sample.fraud.generator.InjectedFraud;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import dev.rivulet.spring.test.browser.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The operations console and the sample's page in a real (headless) browser, against the
 * application on the shared test broker with its generator on: the console lists every task and
 * charts the meters; a second instance joining the group restores its share of the state with
 * the progress bars reaching 100% (that instance's endpoint is read-only, the sample's
 * default, so its console offers no buttons) and its lookup box shows the profile of a card the
 * first instance owns (routed there); a fraud injected from the page shows in the alert feed
 * within 10 seconds; the pause button pauses a processor and the console shows it. One
 * screenshot per page under {@code target/browser-screenshots/}.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class FraudPagesIT {
  private static final Duration PAGE_UPDATE = Duration.ofSeconds(20);
  /** From the click on "Inject a fraud" to its row in the alert feed. */
  private static final Duration ALERT_FEED = Duration.ofSeconds(10);

  private final String servers = TestBrokers.prepare(BrokerKind.EMBEDDED, Map.of(
      "pages-payments", 4, "pages-card-events", 4, "pages-alerts", 4));
  private HeadlessChromium browser;
  private ChromeDriver page;
  private ConfigurableApplicationContext app;

  @BeforeAll
  void start() {
    browser = HeadlessChromium.start(); // first: skips before starting anything
    page = browser.driver();
    // the sample's endpoint is read-only; this instance allows writes for the pause button
    app = start("a", "--fraud.generator.enabled=true",
        "--management.endpoint.rivulet.access=UNRESTRICTED");
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  private ConfigurableApplicationContext start(String instance, String... extra) {
    int port; // known before the start, so that the instances can route queries to each other
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of(
        "--server.port=" + port,
        "--rivulet.advertised-url=http://localhost:" + port,
        "--spring.application.name=fraud-pages-it",
        "--spring.kafka.bootstrap-servers=" + servers,
        "--rivulet.state-dir=target/it-state/pages-" + instance + "-" + UUID.randomUUID(),
        "--rivulet.console.sample-interval=500ms",
        "--fraud.topics.payments=pages-payments",
        "--fraud.topics.card-events=pages-card-events",
        "--fraud.topics.alerts=pages-alerts",
        "--fraud.generator.seed=5",
        "--fraud.generator.cards=80",
        "--fraud.generator.speed=240",
        "--fraud.generator.backfill=12h",
        "--fraud.generator.max-injections=0")); // only the page's button injects
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(FraudDetectionApplication.class)
        .run(args.toArray(String[]::new));
  }

  private static String url(ConfigurableApplicationContext context, String path) {
    return "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path;
  }

  private static Set<String> taskIds(Rivulet rivulet) {
    return rivulet.tasks().stream().map(t -> t.processorId() + "-" + t.partition())
        .collect(Collectors.toSet());
  }

  /** The console's task rows, read at once (the table is redrawn every second). */
  @SuppressWarnings("unchecked")
  private List<Map<String, String>> taskRows() {
    return (List<Map<String, String>>) page.executeScript("return Array.from(document"
        + ".querySelectorAll('#tasks tbody tr')).map(r => Object.assign({bar: r.querySelector("
        + "'.progress').getAttribute('aria-valuenow')}, r.dataset))");
  }

  private Set<String> rowIds() {
    return taskRows().stream().map(row -> row.get("task")).collect(Collectors.toSet());
  }

  private int points(String chart) {
    String points = page.findElement(By.id(chart)).getDomAttribute("data-points");
    return points == null ? 0 : Integer.parseInt(points);
  }

  @Test
  @Order(1)
  void consoleListsEveryTaskAndChartsTheMeters() {
    Rivulet rivulet = app.getBean(Rivulet.class);
    await().atMost(Duration.ofSeconds(60)).until(rivulet::allTasksRunning);
    page.get(url(app, "/rivulet-console/"));
    long opened = System.nanoTime();
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> {
      assertThat(rowIds()).hasSize(8).isEqualTo(taskIds(rivulet));
      assertThat(taskRows()).hasSize(8).allSatisfy(row ->
          assertThat(row.get("state")).isEqualTo("RUNNING"));
      for (String chart : List.of("chart-throughput", "chart-processing", "chart-end-to-end",
          "chart-commits")) {
        assertThat(points(chart)).as(chart).isGreaterThanOrEqualTo(6);
      }
    });
    assertThat(page.findElement(By.id("runtime-state")).getText()).isEqualTo("RUNNING");
    assertThat(page.findElements(By.cssSelector("button[data-action=pause]"))).hasSize(2);
    int updates = Integer.parseInt(page.findElement(By.id("updated"))
        .getDomAttribute("data-updates"));
    double seconds = (System.nanoTime() - opened) / 1e9;
    System.out.printf("console: %d tasks listed, charts at %d points; %d runtime updates in "
        + "%.1f s (%.2f/s)%n", rowIds().size(), points("chart-throughput"), updates, seconds,
        updates / seconds);
    browser.screenshot("console");
  }

  @Test
  @Order(2)
  void aJoiningInstanceRestoresItsShareWithTheProgressBarsReachingFullAndNoButtons() {
    TrafficGenerator generator = app.getBean(TrafficGenerator.class);
    await().atMost(Duration.ofSeconds(60)).until(() -> generator.paymentsSent() > 400);
    try (ConfigurableApplicationContext second = start("b", "--fraud.generator.enabled=false")) {
      Rivulet rivulet = second.getBean(Rivulet.class);
      page.get(url(second, "/rivulet-console/"));
      long opened = System.nanoTime();
      List<String> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().untilAsserted(() -> {
            List<Map<String, String>> rows = taskRows();
            rows.forEach(row -> seen.add(row.get("bar")));
            assertThat(rows.stream().map(row -> row.get("task")).collect(Collectors.toSet()))
                .isNotEmpty().isEqualTo(taskIds(rivulet));
            assertThat(rows).allSatisfy(row -> assertThat(row.get("bar")).isEqualTo("100"));
            long restored = rows.stream()
                .mapToLong(row -> Long.parseLong(row.get("restored"))).sum();
            assertThat(restored).as("changelog records restored").isPositive();
          });
      long restored = rivulet.tasks().stream().mapToLong(TaskInfo::restoredRecords).sum();
      System.out.printf("console of the joining instance: %d tasks, %d changelog records "
          + "restored, bars at 100%% after %.1f s (bar values seen: %s)%n",
          rivulet.tasks().size(), restored, (System.nanoTime() - opened) / 1e9,
          seen.stream().distinct().toList());
      assertThat(page.findElement(By.id("read-only")).isDisplayed()).isTrue();
      assertThat(page.findElements(By.cssSelector("button[data-action]"))).isEmpty();
      lookUpACardOfTheFirstInstance(rivulet);
      browser.screenshot("console-read-only-after-restore");
    }
    Rivulet rivulet = app.getBean(Rivulet.class); // the group shrinks back to the first
    await().atMost(Duration.ofSeconds(60))
        .until(() -> rivulet.tasks().size() == 8 && rivulet.allTasksRunning());
  }

  /**
   * The console's lookup box (routed: the sample turns the query API on) shows the profile of
   * a card whose partition the other instance owns, answered by that owner.
   */
  private void lookUpACardOfTheFirstInstance(Rivulet here) {
    Rivulet first = app.getBean(Rivulet.class);
    String card = IntStream.range(0, 80).mapToObj(i -> String.format(Locale.ROOT, "card-%04d", i))
        .filter(c -> !here.locate("card-fraud", c).local()
            && first.query("card-fraud", CardFraudProcessor.PROFILE, c).isPresent())
        .findFirst().orElseThrow();
    new Select(page.findElement(By.id("lookup-store"))).selectByValue("card-fraud/profile");
    page.findElement(By.id("lookup-key")).sendKeys(card);
    By result = By.id("lookup-result");
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
      page.findElement(By.cssSelector("#lookup button")).click();
      await().atMost(Duration.ofSeconds(10)).until(() -> !page.findElement(result).getText()
          .equals("looking up…"));
      assertThat(page.findElement(result).getText()).contains("\"homeCountry\"",
          "\"lastPaymentId\"");
      assertThat(page.findElement(By.id("lookup-via")).getText())
          .contains("answered by its owner " + url(app, ""));
    });
    System.out.printf("console lookup of %s on the joining instance: %s%n", card,
        page.findElement(By.id("lookup-via")).getText());
  }

  @Test
  @Order(3)
  void aFraudInjectedFromThePageShowsInTheAlertFeedWithinSeconds() {
    TrafficGenerator generator = app.getBean(TrafficGenerator.class);
    page.get(url(app, "/"));
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> {
      assertThat(points("chart-payments")).isGreaterThanOrEqualTo(3);
      assertThat(points("chart-rules")).isGreaterThanOrEqualTo(3);
      assertThat(Double.parseDouble(page.findElement(By.id("payments-rate")).getText()))
          .isPositive();
    });
    int before = generator.groundTruth().injected().size();
    page.findElement(By.id("inject")).click();
    long clicked = System.nanoTime();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> generator.groundTruth().injected().size() > before);
    InjectedFraud fraud = generator.groundTruth().injected().get(before);
    By row = By.cssSelector("#feed tr[data-card='" + fraud.cardId() + "'][data-rule='"
        + fraud.rule() + "']");
    // "within a few seconds": 0.7 s and 3.2 s in two runs here (2 cores, another test suite
    // running alongside); the bound leaves room for a loaded CI machine
    await().atMost(ALERT_FEED).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions().until(() -> !page.findElements(row).isEmpty());
    double seconds = (System.nanoTime() - clicked) / 1e9;
    System.out.printf("injected %s on %s: in the page's alert feed %.1f s after the click%n",
        fraud.rule(), fraud.cardId(), seconds);
    assertThat(seconds).isLessThan(ALERT_FEED.toSeconds());
    assertThat(page.findElement(row).getText()).contains("injected", fraud.cardId());
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> {
      assertThat(page.findElement(By.id("detected")).getText()).isEqualTo("1 / 1");
      assertThat(page.findElement(By.cssSelector("#injected tr[data-card='" + fraud.cardId()
          + "']")).getText()).contains("detected");
    });

    page.findElement(By.id("card")).sendKeys(fraud.cardId());
    page.findElement(By.cssSelector("#lookup button")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
        assertThat(page.findElement(By.id("profile")).getText())
            .contains("\"cardId\": \"" + fraud.cardId() + "\"", "homeCountry", "lastAlerts"));
    browser.screenshot("fraud-detection");
  }

  @Test
  @Order(4)
  void thePauseButtonPausesAProcessorAndTheConsoleShowsIt() {
    Rivulet rivulet = app.getBean(Rivulet.class);
    page.get(url(app, "/rivulet-console/"));
    By pause = By.cssSelector("button[data-action=pause][data-processor=card-velocity]");
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> page.findElement(pause)
        .click());
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> {
      assertThat(rivulet.isPaused("card-velocity")).isTrue();
      assertThat(page.findElement(By.cssSelector("#processors tr[data-processor=card-velocity]"))
          .getDomAttribute("data-paused")).isEqualTo("true");
      assertThat(taskRows()).filteredOn(row -> row.get("task").startsWith("card-velocity-"))
          .hasSize(4).allSatisfy(row -> assertThat(row.get("state")).isEqualTo("PAUSED"));
      // card-fraud reads 'payments' too, so it is held as well (a known limitation, README)
    });
    browser.screenshot("console-paused");
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> page.findElement(
        By.cssSelector("button[data-action=resume][data-processor=card-velocity]")).click());
    await().atMost(PAGE_UPDATE).until(() -> !rivulet.isPaused("card-velocity")
        && rivulet.tasks().stream().allMatch(t -> t.state() == TaskState.RUNNING));
    await().atMost(PAGE_UPDATE).ignoreExceptions().untilAsserted(() -> assertThat(taskRows())
        .hasSize(8).allSatisfy(row -> assertThat(row.get("state")).isEqualTo("RUNNING")));
    browser.screenshot("console-resumed");
  }
}
