package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard queries is exported by the applications, checked against
 * the real Prometheus scrapes that the samples' {@code PrometheusScrapeIT}s write to {@code
 * <sample>/target/prometheus-scrape.txt} (in {@code ./mvnw verify} the samples run before this
 * module). Ownership by name prefix: {@code fraud_*} metrics must be in the fraud sample's scrape,
 * {@code monitoring_*} in the monitoring sample's, every other metric (Rivulet, JVM, process) in
 * every sample's, since the dashboard is meant for any Rivulet application.
 */
class DashboardMetricsTest {
  static final String DASHBOARD = "deploy/grafana/dashboards/rivulet.json";
  /** Metrics of one sample only, by name prefix, and the sample that exports them. */
  private static final Map<String, String> SAMPLE_METRIC_PREFIXES = Map.of(
      "fraud_", "sample-fraud-detection",
      "monitoring_", "sample-monitoring");

  /**
   * Kafka's own metrics of Rivulet's clients ({@code rivulet.kafka.*}): hundreds of them, not
   * each dashboard material, so they need not all be on the dashboard.
   */
  private static final String KAFKA_CLIENT_METRICS = "rivulet_kafka_";

  private static final Map<String, PrometheusScrape> scrapes = new LinkedHashMap<>();

  @BeforeAll
  static void readScrapes() {
    for (String sample : new TreeSet<>(SAMPLE_METRIC_PREFIXES.values())) {
      Path scrape = RepositoryFiles.path(sample + "/target/prometheus-scrape.txt");
      if (!Files.isRegularFile(scrape)) {
        fail("No Prometheus scrape at " + scrape + ": the samples' integration tests write it. "
            + "Run them first: ./mvnw verify from the repository root (the samples build "
            + "before this module), or ./mvnw -pl " + sample
            + " verify -Dit.test=PrometheusScrapeIT");
      }
      scrapes.put(sample, PrometheusScrape.read(scrape));
    }
  }

  @Test
  void everyMetricOfTheDashboardIsExportedByItsApplications() {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (GrafanaDashboard.Query query : dashboard().queries()) {
      for (String metric : PromQlMetricNames.in(query.promQl())) {
        checked++;
        for (String sample : owners(metric)) {
          if (!scrapes.get(sample).exports(metric)) {
            missing.add(metric + " (" + query.where() + ") is not in the scrape of " + sample);
          }
        }
      }
    }
    assertThat(checked).as("metric references found in the dashboard").isGreaterThan(30);
    assertThat(missing).as("dashboard metrics missing from the real scrapes in "
        + scrapes.values().stream().map(PrometheusScrape::source).toList()).isEmpty();
  }

  @Test
  void everySampleMetricIsOnTheDashboard() {
    // the samples' own meters (alerts, generators) are what their dashboard row is for
    Set<String> used = metricsOnTheDashboard();
    SAMPLE_METRIC_PREFIXES.forEach((prefix, sample) -> assertThat(
        scrapes.get(sample).names().stream().filter(n -> n.startsWith(prefix)))
        .as("metrics of " + sample).isNotEmpty().allSatisfy(n -> assertThat(used).contains(n)));
  }

  @Test
  void everyRivuletMeterIsOnTheDashboard() {
    List<String> usedFamilies =
        metricsOnTheDashboard().stream().map(DashboardMetricsTest::family).toList();
    scrapes.forEach((sample, scrape) -> assertThat(scrape.names().stream()
        .filter(n -> n.startsWith("rivulet_") && !n.startsWith(KAFKA_CLIENT_METRICS))
        .map(DashboardMetricsTest::family).distinct())
        .as("Rivulet meters in the scrape of %s: each needs a panel in %s (a timer counts as"
            + " shown by any of its series)", sample, DASHBOARD)
        .isNotEmpty()
        .allSatisfy(family -> assertThat(usedFamilies).contains(family)));
  }

  private static List<String> owners(String metric) {
    return SAMPLE_METRIC_PREFIXES.entrySet().stream()
        .filter(e -> metric.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
        .map(List::of).orElseGet(() -> List.copyOf(scrapes.keySet()));
  }

  /** A timer's series ({@code _bucket}, {@code _count}, {@code _sum}, {@code _max}) as one. */
  private static String family(String name) {
    return name.replaceFirst("_(bucket|count|sum|max)$", "");
  }

  private static Set<String> metricsOnTheDashboard() {
    Set<String> used = new TreeSet<>();
    dashboard().queries().forEach(q -> used.addAll(PromQlMetricNames.in(q.promQl())));
    return used;
  }

  private static GrafanaDashboard dashboard() {
    return GrafanaDashboard.read(RepositoryFiles.path(DASHBOARD));
  }
}
