package dev.rivulet.helm;

import static dev.rivulet.helm.RenderedChart.BOOTSTRAP;
import static dev.rivulet.helm.RenderedChart.FRAUD_DETECTION_VALUES;
import static dev.rivulet.helm.RenderedChart.MAPPER;
import static dev.rivulet.helm.RenderedChart.MONITORING_VALUES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.helm.CustomResources.ScaledObject;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code helm template} with the values files of the two samples. */
class SampleValuesTest {

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(FRAUD_DETECTION_VALUES, "rivulet/sample-fraud-detection", "fraud-detection",
            "/fraud/generator/enabled"),
        Arguments.of(MONITORING_VALUES, "rivulet/sample-monitoring", "monitoring",
            "/monitoring/generator/enabled"));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void samplesRunTwoPodsOfTheirImageAndApplicationId(Path values, String image,
      String applicationId, String generatorSwitch) {
    RenderedChart chart = RenderedChart.renderWithBootstrap(List.of(values));
    StatefulSet statefulSet = chart.one(StatefulSet.class);
    Container app = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(2);
    assertThat(app.getImage()).isEqualTo(image + ":0.1.0-SNAPSHOT");
    assertThat(statefulSet.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/version", "0.1.0-SNAPSHOT");
    assertThat(env(app, "RIVULET_APPLICATION_ID")).isEqualTo(applicationId);
    assertThat(env(app, "SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(BOOTSTRAP);
    JsonNode config = MAPPER.readTree(chart.one(ConfigMap.class).getData().get("application.yaml"));
    assertThat(config.at(generatorSwitch).isBoolean()).isTrue();
    assertThat(config.at(generatorSwitch).asBoolean()).as("test traffic off").isFalse();
    assertThat(config.at("/rivulet/memory/block-cache").asString()).isEqualTo("64MB");
    assertThat(chart.all(ScaledObject.class)).isEmpty();
  }

  @Test
  void fraudDetectionKedaExampleScalesOnPaymentsLagUpToItsPartitions() {
    RenderedChart chart = RenderedChart.renderWithBootstrap(List.of(FRAUD_DETECTION_VALUES),
        "autoscaling.keda.enabled", "true");

    ScaledObject.Spec spec = chart.one(ScaledObject.class).spec();
    assertThat(spec.scaleTargetRef()).isEqualTo(
        new ScaledObject.ScaleTargetRef("apps/v1", "StatefulSet", "test-rivulet"));
    assertThat(spec.minReplicaCount()).isEqualTo(1);
    assertThat(spec.maxReplicaCount()).isEqualTo(4);
    assertThat(spec.triggers()).singleElement().satisfies(trigger -> {
      assertThat(trigger.type()).isEqualTo("kafka");
      assertThat(trigger.metadata()).isEqualTo(new ScaledObject.KafkaMetadata(
          BOOTSTRAP, "fraud-detection", "payments", "5000", "earliest"));
    });
    assertThat(chart.one(StatefulSet.class).getSpec().getReplicas())
        .as("KEDA owns the replica count").isNull();
  }

  private static String env(Container app, String name) {
    return app.getEnv().stream().filter(env -> env.getName().equals(name))
        .map(EnvVar::getValue).findFirst().orElseThrow();
  }
}
