package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard's structure ({@code deploy/grafana/dashboards/rivulet.json}); that its
 * metrics exist is {@link DashboardMetricsTest}'s job.
 */
class GrafanaDashboardTest {
  private final GrafanaDashboard dashboard =
      GrafanaDashboard.read(RepositoryFiles.path(DashboardMetricsTest.DASHBOARD));

  @Test
  void hasAStableUidASchemaVersionAndTheTwoVariables() {
    assertThat(dashboard.json().path("uid").asString()).isEqualTo("rivulet");
    assertThat(dashboard.json().path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(dashboard.variableNames()).containsExactly("application", "instance");
  }

  @Test
  void everyPanelQueriesAndFiltersByApplicationAndInstance() {
    assertThat(dashboard.panels()).hasSizeGreaterThan(20).allSatisfy(panel -> {
      assertThat(panel.targets()).as(panel.title()).isNotEmpty();
      assertThat(panel.targets()).extracting(t -> t.path("expr").asString()).as(panel.title())
          .allSatisfy(expr -> assertThat(expr)
              .contains("application=~\"$application\"", "instance=~\"$instance\""));
      assertThat(panel.json().path("description").asString()).as(panel.title()).isNotBlank();
    });
  }

  @Test
  void panelIdsAreUniqueAndPanelsDoNotOverlap() {
    List<JsonNode> all = dashboard.json().path("panels").valueStream().toList();
    assertThat(all).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode panel : all) {
      JsonNode pos = panel.path("gridPos");
      int[] box = {pos.path("x").asInt(), pos.path("y").asInt(), pos.path("w").asInt(),
          pos.path("h").asInt()};
      assertThat(box[0] + box[2]).as(panel.path("title").asString()).isLessThanOrEqualTo(24);
      assertThat(boxes).as(panel.path("title").asString()).noneMatch(b -> b[0] < box[0] + box[2]
          && box[0] < b[0] + b[2] && b[1] < box[1] + box[3] && box[1] < b[1] + b[3]);
      boxes.add(box);
    }
  }
}
