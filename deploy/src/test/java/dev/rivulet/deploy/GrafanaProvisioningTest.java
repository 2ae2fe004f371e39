package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Grafana's provisioning ({@code deploy/grafana/provisioning/}): one Prometheus data source with
 * the uid every dashboard query names, and a file provider that loads the dashboards directory.
 */
class GrafanaProvisioningTest {
  /** Where docker-compose.yml mounts {@code deploy/grafana/provisioning}: Grafana's default. */
  static final String PROVISIONING_MOUNT = "/etc/grafana/provisioning";
  private static final String DATA_SOURCES =
      "deploy/grafana/provisioning/datasources/prometheus.yml";
  private static final String PROVIDERS = "deploy/grafana/provisioning/dashboards/rivulet.yml";

  @Test
  void everyDashboardQueryUsesTheProvisionedDataSource() {
    JsonNode dataSource = onlyItem(DATA_SOURCES, "datasources");
    assertThat(dataSource.path("type").asString()).isEqualTo("prometheus");
    assertThat(dataSource.path("isDefault").asBoolean()).isTrue();
    String uid = dataSource.path("uid").asString();
    assertThat(uid).isNotBlank();

    GrafanaDashboard dashboard = dashboard();
    assertThat(dashboard.panels()).allSatisfy(panel -> {
      assertThat(panel.json().path("datasource").path("uid").asString()).as(panel.title())
          .isEqualTo(uid);
      assertThat(panel.targets()).as(panel.title()).allSatisfy(t -> assertThat(
          t.path("datasource").path("uid").asString()).isEqualTo(uid));
    });
    assertThat(dashboard.json().path("templating").path("list").valueStream())
        .allSatisfy(v -> assertThat(v.path("datasource").path("uid").asString()).isEqualTo(uid));
  }

  @Test
  void theProviderLoadsTheDashboardsDirectory() {
    JsonNode provider = onlyItem(PROVIDERS, "providers");
    assertThat(provider.path("type").asString()).isEqualTo("file");
    assertThat(dashboardProviderPath()).isNotBlank();
    assertThat(RepositoryFiles.path(DashboardMetricsTest.DASHBOARD)).isRegularFile()
        .hasParent(RepositoryFiles.path("deploy/grafana/dashboards"));
  }

  /** The directory (in the container) the dashboard provider loads. */
  static String dashboardProviderPath() {
    return onlyItem(PROVIDERS, "providers").path("options").path("path").asString();
  }

  static String dataSourceUrl() {
    return onlyItem(DATA_SOURCES, "datasources").path("url").asString();
  }

  private static JsonNode onlyItem(String file, String list) {
    JsonNode yaml = YAMLMapper.builder().build().readTree(RepositoryFiles.path(file).toFile());
    assertThat(yaml.path("apiVersion").asInt()).as(file).isEqualTo(1);
    List<JsonNode> items = yaml.path(list).valueStream().toList();
    assertThat(items).as(file + ": " + list).hasSize(1);
    return items.get(0);
  }

  private static GrafanaDashboard dashboard() {
    return GrafanaDashboard.read(RepositoryFiles.path(DashboardMetricsTest.DASHBOARD));
  }
}
