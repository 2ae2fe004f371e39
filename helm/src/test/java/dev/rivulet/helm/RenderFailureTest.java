package dev.rivulet.helm;

import static dev.rivulet.helm.RenderedChart.FRAUD_DETECTION_VALUES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values that must stop {@code helm template} with a message that says what to fix. */
class RenderFailureTest {

  @Test
  void missingBootstrapServers() {
    assertThatThrownBy(() -> RenderedChart.render(List.of()))
        .hasMessageContaining("kafka.bootstrapServers is required");
  }

  @Test
  void kedaMaxReplicasAbovePartitions() {
    assertThatThrownBy(() -> render(List.of(FRAUD_DETECTION_VALUES),
        "autoscaling.keda.enabled", "true", "autoscaling.keda.maxReplicaCount", "6"))
        .hasMessageContaining("autoscaling.keda.maxReplicaCount (6) exceeds "
            + "autoscaling.keda.partitions (4)")
        .hasMessageContaining("would sit idle");
  }

  @Test
  void kedaWithoutAKnownPartitionCount() {
    assertThatThrownBy(() -> render(List.of(), "autoscaling.keda.enabled", "true",
        "autoscaling.keda.topic", "orders"))
        .hasMessageContaining(
            "autoscaling.keda.partitions is required: the partition count of orders");
  }

  @Test
  void kedaWithoutATopic() {
    assertThatThrownBy(() -> render(List.of(), "autoscaling.keda.enabled", "true"))
        .hasMessageContaining("autoscaling.keda.topic is required");
  }

  @Test
  void memoryLimitBelowTheBudget() {
    assertThatThrownBy(() -> render(List.of(), "memory.heap", "768m"))
        .hasMessageContaining("resources.limits.memory (1Gi = 1024Mi) is below the memory budget "
            + "of 1178Mi: heap 768m + directMemory 64m + blockCache 64MB + writeBuffer 32MB "
            + "+ overhead 250m");
  }

  @Test
  void memoryBudgetCheckCanBeSwitchedOff() {
    StatefulSet statefulSet = RenderedChart.renderWithBootstrap(List.of(), "memory.heap", "768m",
        "memory.checkBudget", "false").one(StatefulSet.class);

    assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(env -> assertThat(env.getValue()).startsWith("-Xmx768m "));
  }

  @Test
  void stateCacheAboveHalfTheHeap() {
    assertThatThrownBy(() -> render(List.of(), "memory.stateCache", "256MB"))
        .hasMessageContaining("memory.stateCache (256MB) lives in the heap");
  }

  @Test
  void misspeltValueIsRejectedByTheSchema() {
    assertThatThrownBy(() -> render(List.of(), "kafka.bootstrapServer", "kafka:9092"))
        .hasMessageContaining("additional properties 'bootstrapServer' not allowed");
  }

  @Test
  void sizeInTheWrongSyntax() {
    assertThatThrownBy(() -> render(List.of(), "resources.limits.memory", "1GB"))
        .hasMessageContaining("resources.limits.memory: \"1GB\" is not a size in quantity syntax");
  }

  @Test
  void fullNameTooLongForAStatefulSet() {
    assertThatThrownBy(() -> render(List.of(), "fullnameOverride", "x".repeat(53)))
        .hasMessageContaining("longer than 52 characters");
  }

  private static void render(List<Path> valuesFiles, String... sets) {
    RenderedChart.renderWithBootstrap(valuesFiles, sets);
  }
}
