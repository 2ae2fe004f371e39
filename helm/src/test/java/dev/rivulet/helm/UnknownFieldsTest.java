package dev.rivulet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.helm.CustomResources.ScaledObject;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/** The strict parsing that makes a misspelt field in a template fail the tests. */
class UnknownFieldsTest {

  private static final String STATEFUL_SET = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: app
      spec:
        serviceName: app-headless
        selector:
          matchLabels: {app: app}
        template:
          metadata:
            labels: {app: app}
          spec:
            containers:
              - name: app
                image: app:1
                %s:
                  httpGet: {path: /actuator/health/readiness, port: http}
      """;

  @Test
  void fabric8CollectsAMisspeltFieldThatTheWalkFinds() {
    StatefulSet parsed = RenderedChart.MAPPER.readValue(
        STATEFUL_SET.formatted("readinesProbe"), StatefulSet.class);

    assertThat(parsed.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe())
        .as("Jackson alone accepts the typo").isNull();
    assertThat(UnknownFields.of(parsed))
        .containsExactly("spec.template.spec.containers[0].readinesProbe");
  }

  @Test
  void parsingTheRenderedYamlFailsOnAMisspeltField() {
    assertThatThrownBy(() -> RenderedChart.parse(STATEFUL_SET.formatted("readinesProbe")))
        .hasMessageContaining("StatefulSet app has unknown fields "
            + "[spec.template.spec.containers[0].readinesProbe]");
  }

  @Test
  void correctlySpeltManifestParses() {
    StatefulSet parsed = RenderedChart.parse(STATEFUL_SET.formatted("readinessProbe"))
        .get(StatefulSet.class, "app");

    assertThat(parsed.getSpec().getTemplate().getSpec().getContainers().get(0)
        .getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
  }

  @Test
  void customResourceRecordsRejectUndeclaredFields() {
    String scaledObject = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: app
        spec:
          maxReplicaCount: 4
          maxReplicas: 4
        """;

    assertThatThrownBy(() -> RenderedChart.parse(scaledObject)).hasMessageContaining("maxReplicas");
    assertThat(RenderedChart.parse(scaledObject.replace("  maxReplicas: 4\n", ""))
        .get(ScaledObject.class, "app").spec().maxReplicaCount()).isEqualTo(4);
  }

  @Test
  void anUnexpectedKindFails() {
    assertThatThrownBy(() -> RenderedChart.parse("apiVersion: apps/v1\nkind: Deployment\n"
        + "metadata: {name: app}\n")).hasMessageContaining("unexpected object apps/v1/Deployment");
  }
}
