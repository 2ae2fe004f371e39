package dev.rivulet.deploy;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.rivulet.deploy.DockerCompose.Mount;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docker-compose.yml}, validated and resolved by the real Docker Compose (these tests fail,
 * not skip, where it is not installed): Kafka, the topic init, the sample applications (the
 * services built from the Dockerfile), Prometheus and Grafana fit together.
 */
class DockerComposeTest {
  private static final String APP_PORT = "8080";
  private static JsonNode model;
  private static Map<String, JsonNode> apps;

  @BeforeAll
  static void resolve() {
    model = DockerCompose.resolvedModel();
    apps = new LinkedHashMap<>();
    model.path("services").properties().stream().filter(s -> s.getValue().has("build"))
        .forEach(s -> apps.put(s.getKey(), s.getValue()));
  }

  @Test
  void composeAcceptsTheFile() {
    DockerCompose.Result result = DockerCompose.run("config", "-q");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void appsStartOnceKafkaIsHealthyAndTheTopicsExistAndAreHealthChecked() {
    assertThat(apps).containsOnlyKeys("fraud-detection-1", "fraud-detection-2", "monitoring");
    apps.forEach((name, app) -> {
      assertThat(app.path("depends_on").path("kafka").path("condition").asString()).as(name)
          .isEqualTo("service_healthy");
      assertThat(app.path("depends_on").path("kafka-init").path("condition").asString())
          .as(name).isEqualTo("service_completed_successfully");
      assertThat(app.path("healthcheck").path("test").toString()).as(name)
          .contains("/dev/tcp/localhost/" + APP_PORT, "/actuator/health/readiness");
    });
    assertThat(service("kafka-init").path("depends_on").path("kafka").path("condition")
        .asString()).isEqualTo("service_healthy");
  }

  @Test
  void appsRunTheImageOfTheirModuleOnKafkaWithoutTheDevBroker() {
    Path root = RepositoryFiles.root();
    apps.forEach((name, app) -> {
      String module = module(app);
      assertThat(Path.of(app.path("build").path("context").asString())).as(name)
          .isEqualTo(root);
      assertThat(root.resolve(module).resolve("pom.xml")).as(name).isRegularFile();
      assertThat(app.path("image").asString()).as(name)
          .isEqualTo("rivulet/" + module + ":" + System.getProperty("rivulet.version"));
      assertThat(DockerCompose.environment(app)).as(name).contains(
          entry("RIVULET_DEV_BROKER_ENABLED", "false"),
          entry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
      assertThat(DockerCompose.ports(app).values()).as(name).containsExactly(APP_PORT);
    });
    assertThat(apps.values().stream().flatMap(a -> DockerCompose.ports(a).keySet().stream()))
        .as("host ports").containsExactlyInAnyOrder("8081", "8082", "8083");
  }

  @Test
  void eachAppKeepsItsStateInItsOwnNamedVolume() {
    List<Mount> state = apps.values().stream().flatMap(a -> DockerCompose.mounts(a).stream())
        .filter(m -> m.target().equals("/var/lib/rivulet")).toList();
    assertThat(state).hasSize(apps.size());
    assertThat(state).extracting(Mount::source).doesNotHaveDuplicates()
        .allSatisfy(v -> assertThat(model.path("volumes").has(v)).as(v).isTrue());
  }

  @Test
  void twoFraudReplicasWithDistinctInstanceIdsAndOneGenerator() {
    List<Map<String, String>> fraud = apps.values().stream()
        .filter(a -> module(a).equals("sample-fraud-detection"))
        .map(DockerCompose::environment).toList();
    assertThat(fraud).hasSize(2);
    assertThat(fraud).extracting(e -> e.get("FRAUD_GENERATOR_ENABLED"))
        .containsExactlyInAnyOrder("true", "false");
    assertThat(apps.values().stream().map(DockerCompose::environment))
        .extracting(e -> e.get("RIVULET_INSTANCE_ID")).doesNotContainNull()
        .doesNotHaveDuplicates();
    assertThat(fraud).allSatisfy(e -> assertThat(e).doesNotContainKey("RIVULET_APPLICATION_ID"));
  }

  @Test
  void eachAppAdvertisesItsOwnServiceUrlForRoutedQueries() {
    apps.forEach((name, app) -> assertThat(DockerCompose.environment(app))
        .as(name).containsEntry("RIVULET_ADVERTISED_URL", "http://" + name + ":" + APP_PORT));
  }

  @Test
  void kafkaIsOneKraftNodeWithAHostListenerAndAHealthCheck() {
    JsonNode kafka = service("kafka");
    assertThat(kafka.path("image").asString()).startsWith("apache/kafka:")
        .as("kafka-init runs the same image").isEqualTo(service("kafka-init").path("image")
            .asString());
    Map<String, String> env = DockerCompose.environment(kafka);
    assertThat(env).contains(entry("KAFKA_PROCESS_ROLES", "broker,controller"),
        entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
        entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"),
        entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"));
    assertThat(env.get("KAFKA_LISTENERS").split(",")).containsExactlyInAnyOrder(
        "PLAINTEXT://:9092", "CONTROLLER://:9093", "EXTERNAL://:29092");
    assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").split(","))
        .containsExactlyInAnyOrder("PLAINTEXT://kafka:9092", "EXTERNAL://localhost:29092");
    assertThat(DockerCompose.ports(kafka)).containsExactly(entry("29092", "29092"));
    assertThat(kafka.path("healthcheck").path("test").toString())
        .contains("/opt/kafka/bin/kafka-broker-api-versions.sh", "localhost:9092");
  }

  @Test
  void kafkaInitCreatesEveryTopicOfEveryAppWithTheDevBrokersPartitions() {
    Map<String, String> created = new HashMap<>();
    Matcher create = Pattern.compile("kafka-topics\\.sh .*--create --if-not-exists .*"
        + "--topic (\\S+) --partitions (\\d+)(.*)").matcher(service("kafka-init")
            .path("command").valueStream().map(JsonNode::asString).collect(joining("\n")));
    while (create.find()) {
      created.put(create.group(1), create.group(2) + create.group(3).strip());
    }
    apps.values().stream().map(DockerComposeTest::module).distinct().forEach(module -> {
      String topics = RepositoryFiles.applicationProperties(module)
          .getProperty("rivulet.dev-broker.topics");
      for (String topic : topics.split(",")) {
        String[] nameAndPartitions = topic.strip().split(":");
        assertThat(created.get(nameAndPartitions[0])).as(module + ": " + topic)
            .startsWith(nameAndPartitions[1]);
      }
    });
    // the fraud sample declares card-events compacted (FraudProcessorsConfiguration)
    assertThat(created.get("card-events")).endsWith("--config cleanup.policy=compact");
  }

  @Test
  void prometheusScrapesEveryAppLabelledWithItsApplicationId() {
    JsonNode prometheus = service("prometheus");
    assertThat(DockerCompose.mounts(prometheus)).contains(new Mount(
        RepositoryFiles.path("deploy/prometheus/prometheus.yml").toString(),
        "/etc/prometheus/prometheus.yml", true));
    assertThat(DockerCompose.ports(prometheus)).containsEntry("9090", "9090");

    JsonNode config = YAMLMapper.builder().build()
        .readTree(RepositoryFiles.path("deploy/prometheus/prometheus.yml").toFile());
    assertThat(config.path("global").path("scrape_interval").asString()).isEqualTo("5s");
    Map<String, String> applicationByTarget = new HashMap<>();
    for (JsonNode job : config.path("scrape_configs")) {
      assertThat(job.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
      for (JsonNode group : job.path("static_configs")) {
        group.path("targets").forEach(t -> applicationByTarget.put(t.asString(),
            group.path("labels").path("application").asString()));
      }
    }
    Map<String, String> expected = new HashMap<>();
    apps.forEach((name, app) -> expected.put(name + ":" + APP_PORT, applicationId(app)));
    assertThat(applicationByTarget).isEqualTo(expected);
  }

  @Test
  void grafanaLoadsTheProvisioningAndDashboardsOfTheRepository() {
    JsonNode grafana = service("grafana");
    assertThat(DockerCompose.ports(grafana)).containsEntry("3000", "3000");
    assertThat(DockerCompose.environment(grafana)).contains(
        entry("GF_AUTH_ANONYMOUS_ENABLED", "true"), entry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer"));
    Map<String, String> mounted = new HashMap<>();
    DockerCompose.mounts(grafana).forEach(m -> mounted.put(m.target(), m.source()));
    assertThat(mounted).containsEntry(GrafanaProvisioningTest.PROVISIONING_MOUNT,
        RepositoryFiles.path("deploy/grafana/provisioning").toString());
    String dashboards = GrafanaProvisioningTest.dashboardProviderPath();
    assertThat(mounted).containsEntry(dashboards,
        RepositoryFiles.path("deploy/grafana/dashboards").toString());
    assertThat(DockerCompose.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
        .isEqualTo(dashboards + "/" + Path.of(DashboardMetricsTest.DASHBOARD).getFileName());
    assertThat(GrafanaProvisioningTest.dataSourceUrl()).isEqualTo("http://prometheus:9090");
  }

  private static JsonNode service(String name) {
    JsonNode service = model.path("services").path(name);
    assertThat(service.isObject()).as("service " + name).isTrue();
    return service;
  }

  private static String module(JsonNode app) {
    return app.path("build").path("args").path("MODULE").asString();
  }

  /** The consumer group: RIVULET_APPLICATION_ID, else the module's spring.application.name. */
  private static String applicationId(JsonNode app) {
    Properties properties = RepositoryFiles.applicationProperties(module(app));
    return DockerCompose.environment(app).getOrDefault("RIVULET_APPLICATION_ID",
        properties.getProperty("spring.application.name"));
  }
}
