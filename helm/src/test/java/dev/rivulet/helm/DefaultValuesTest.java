package dev.rivulet.helm;

import static dev.rivulet.helm.RenderedChart.BOOTSTRAP;
import static dev.rivulet.helm.RenderedChart.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivulet.helm.CustomResources.ScaledObject;
import dev.rivulet.helm.CustomResources.ServiceMonitor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code helm template} with the chart's default values and the required bootstrap servers. */
class DefaultValuesTest {

  private static final String NAME = "test-rivulet";
  private static final Map<String, String> SELECTOR = Map.of(
      "app.kubernetes.io/name", "rivulet", "app.kubernetes.io/instance", "test");

  private final RenderedChart chart = RenderedChart.renderWithBootstrap(List.of());
  private final StatefulSet statefulSet = chart.get(StatefulSet.class, NAME);
  private final PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
  private final Container app = pod.getContainers().get(0);

  @Test
  void rendersTheCoreObjectsAndNoOptionalOnes() {
    assertThat(chart.all(Service.class)).extracting(service -> service.getMetadata().getName())
        .containsExactly(NAME, NAME + "-headless");
    assertThat(chart.one(ConfigMap.class).getMetadata().getName()).isEqualTo(NAME);
    assertThat(chart.one(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
    assertThat(chart.all(ServiceMonitor.class)).isEmpty();
    assertThat(chart.all(ScaledObject.class)).isEmpty();
  }

  @Test
  void statefulSetHasStablePodsAndOneReplica() {
    assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
    assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(NAME + "-headless");
    assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(statefulSet.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(statefulSet.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(SELECTOR);
    assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
    assertThat(app.getImage()).isEqualTo("rivulet/app:0.1.0");
  }

  @Test
  void standardLabelsOnEveryObject() {
    assertThat(statefulSet.getMetadata().getLabels()).containsAllEntriesOf(SELECTOR)
        .containsEntry("app.kubernetes.io/version", "0.1.0")
        .containsEntry("app.kubernetes.io/managed-by", "Helm")
        .containsEntry("helm.sh/chart", "rivulet-0.1.0");
    assertThat(chart.one(ConfigMap.class).getMetadata().getLabels())
        .isEqualTo(statefulSet.getMetadata().getLabels());
    assertThat(chart.one(PodDisruptionBudget.class).getMetadata().getLabels())
        .isEqualTo(statefulSet.getMetadata().getLabels());
  }

  @Test
  void servicesExposeHttpAndTheHeadlessOnePublishesNotReadyPods() {
    Service http = chart.get(Service.class, NAME);
    assertThat(http.getSpec().getClusterIP()).isNull();
    assertThat(http.getSpec().getSelector()).isEqualTo(SELECTOR);
    assertThat(http.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getPort()).isEqualTo(8080);
      assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
    });
    Service headless = chart.get(Service.class, NAME + "-headless");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(headless.getSpec().getSelector()).isEqualTo(SELECTOR);
    assertThat(app.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getContainerPort()).isEqualTo(8080);
    });
  }

  @Test
  void stateLivesOnAVolumeClaimTemplateMountedAtVarLibRivulet() {
    PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(claim.getMetadata().getName()).isEqualTo("state");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("10Gi"));
    assertThat(claim.getSpec().getStorageClassName()).isNull();
    assertThat(app.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .contains(tuple("state", "/var/lib/rivulet"));
    assertThat(pod.getVolumes()).noneMatch(volume -> volume.getName().equals("state"));
    assertThat(env("RIVULET_STATE_DIR").getValue()).isEqualTo("/var/lib/rivulet/state");
  }

  @Test
  void environmentWiresKafkaIdentityAndConfig() {
    assertThat(env("SPRING_KAFKA_BOOTSTRAP_SERVERS").getValue()).isEqualTo(BOOTSTRAP);
    assertThat(env("RIVULET_APPLICATION_ID").getValue()).isEqualTo(NAME);
    assertThat(env("RIVULET_DEV_BROKER_ENABLED").getValue()).isEqualTo("false");
    assertThat(env("RIVULET_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env("RIVULET_ADVERTISED_URL").getValue())
        .isEqualTo("http://$(POD_NAME)." + NAME + "-headless.streams.svc.cluster.local:8080");
    List<String> names = app.getEnv().stream().map(EnvVar::getName).toList();
    assertThat(names.indexOf("POD_NAME")).as("$(POD_NAME) needs POD_NAME defined before it")
        .isLessThan(names.indexOf("RIVULET_ADVERTISED_URL"));
    assertThat(env("SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
        .isEqualTo("optional:file:/config/");
    assertThat(app.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("config");
      assertThat(mount.getMountPath()).isEqualTo("/config");
    });
    assertThat(pod.getVolumes()).anySatisfy(volume -> {
      assertThat(volume.getName()).isEqualTo("config");
      assertThat(volume.getConfigMap().getName()).isEqualTo(NAME);
    });
    assertThat(names).doesNotContain("SPRING_KAFKA_SECURITY_PROTOCOL",
        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION");
  }

  @Test
  void probesUseTheActuatorHealthGroupsOnTheHttpPort() {
    assertProbe(app.getStartupProbe(), "/actuator/health/liveness");
    assertProbe(app.getLivenessProbe(), "/actuator/health/liveness");
    assertProbe(app.getReadinessProbe(), "/actuator/health/readiness");
    Probe startup = app.getStartupProbe();
    assertThat(startup.getFailureThreshold() * startup.getPeriodSeconds())
        .as("seconds a start (JVM, first restore) may take").isGreaterThanOrEqualTo(300);
  }

  @Test
  void jvmOptionsAndConfigMapCarryTheMemoryBudget() {
    assertThat(env("JAVA_TOOL_OPTIONS").getValue())
        .contains("-Xmx384m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");
    assertThat(env("MALLOC_ARENA_MAX").getValue()).isEqualTo("2");
    JsonNode memory = applicationYaml().path("rivulet").path("memory");
    assertThat(memory.path("block-cache").asString()).isEqualTo("64MB");
    assertThat(memory.path("write-buffer").asString()).isEqualTo("32MB");
    assertThat(memory.path("state-cache").asString()).isEqualTo("32MB");
    assertThat(app.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(app.getResources().getRequests()).containsEntry("memory", new Quantity("1Gi"));
  }

  @Test
  void configMapEnablesProbesGracefulShutdownAndStaticMembershipTimeout() {
    JsonNode config = applicationYaml();
    assertThat(config.at("/management/endpoint/health/probes/enabled").asBoolean()).isTrue();
    assertThat(config.at("/management/endpoints/web/exposure/include").asString())
        .contains("health", "prometheus");
    assertThat(config.at("/server/shutdown").asString()).isEqualTo("graceful");
    assertThat(config.at("/spring/lifecycle/timeout-per-shutdown-phase").asString())
        .isEqualTo("30s");
    assertThat(config.path("rivulet").path("kafka-properties").path("session.timeout.ms")
        .asString()).isEqualTo("60000");
  }

  @Test
  void gracePeriodCoversPreStopSleepAndShutdownTimeout() {
    assertThat(app.getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly("sleep", "5");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(5 + 30 + 10L);
  }

  @Test
  void podsRunAsNonRootWithAReadOnlyRootFilesystemAndAWritableTmp() {
    var podSecurity = pod.getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(10001L);
    assertThat(podSecurity.getFsGroup()).isEqualTo(10001L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = app.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(app.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("tmp");
      assertThat(mount.getMountPath()).isEqualTo("/tmp");
    });
    assertThat(pod.getVolumes()).anySatisfy(volume -> {
      assertThat(volume.getName()).isEqualTo("tmp");
      assertThat(volume.getEmptyDir()).isNotNull();
    });
  }

  @Test
  void disruptionBudgetAntiAffinityAndAnnotations() {
    PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
    var antiAffinity = pod.getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(antiAffinity).singleElement().satisfies(term -> {
      assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels()).isEqualTo(SELECTOR);
    });
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/path", "/actuator/prometheus")
        .containsKey("checksum/config");
  }

  @Test
  void aConfigChangeChangesTheChecksumThatRollsThePods() {
    StatefulSet changed = RenderedChart.renderWithBootstrap(List.of(),
        "config.rivulet.threads", "2").get(StatefulSet.class, NAME);

    assertThat(checksum(changed)).isNotEqualTo(checksum(statefulSet));
  }

  private static String checksum(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getMetadata().getAnnotations()
        .get("checksum/config");
  }

  private EnvVar env(String name) {
    return app.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + app.getEnv()));
  }

  private JsonNode applicationYaml() {
    return MAPPER.readTree(chart.one(ConfigMap.class).getData().get("application.yaml"));
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
  }
}
