package dev.rivulet.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Grafana dashboard JSON model: its panels (rows' nested panels too) and PromQL queries. */
record GrafanaDashboard(JsonNode json) {
  /** Grafana's {@code label_values(selector, label)} variable query around a PromQL selector. */
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$");

  /** A panel that is not a row. */
  record Panel(String title, String type, JsonNode json) {
    List<JsonNode> targets() {
      return json.path("targets").valueStream().toList();
    }
  }

  /** A PromQL expression and where it is: a panel's title or {@code variable <name>}. */
  record Query(String where, String promQl) {}

  static GrafanaDashboard read(Path file) {
    return new GrafanaDashboard(JsonMapper.builder().build().readTree(file.toFile()));
  }

  List<Panel> panels() {
    List<Panel> panels = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      List<JsonNode> nested = panel.path("panels").valueStream().toList();
      for (JsonNode p : panel.path("type").asString().equals("row") ? nested : List.of(panel)) {
        panels.add(new Panel(p.path("title").asString(), p.path("type").asString(), p));
      }
    }
    return panels;
  }

  /** Every query: each panel target's {@code expr}, each query variable's selector. */
  List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (Panel panel : panels()) {
      for (JsonNode target : panel.targets()) {
        queries.add(new Query(panel.title(), target.path("expr").asString()));
      }
    }
    for (JsonNode variable : json.path("templating").path("list")) {
      if (variable.path("type").asString().equals("query")) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asString() : query.asString();
        Matcher labelValues = LABEL_VALUES.matcher(text);
        queries.add(new Query("variable " + variable.path("name").asString(),
            labelValues.matches() ? labelValues.group(1) : text));
      }
    }
    return queries;
  }

  List<String> variableNames() {
    return json.path("templating").path("list").valueStream()
        .map(v -> v.path("name").asString()).toList();
  }
}
