package dev.rivulet.helm;

import static dev.rivulet.helm.RenderedChart.BOOTSTRAP;
import static dev.rivulet.helm.RenderedChart.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.helm.CustomResources.ScaledObject;
import dev.rivulet.helm.CustomResources.ServiceMonitor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helm template} with each optional feature switched on (or a default switched off). */
class OptionalFeaturesTest {

  @Test
  void serviceMonitorScrapesActuatorPrometheusOnTheHttpServiceOnly() {
    RenderedChart chart = render("serviceMonitor.enabled", "true",
        "serviceMonitor.labels.release", "prometheus", "serviceMonitor.interval", "15s");

    ServiceMonitor monitor = chart.one(ServiceMonitor.class);
    assertThat(monitor.metadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.spec().selector().getMatchLabels())
        .containsEntry("rivulet.dev/service", "http")
        .containsEntry("app.kubernetes.io/instance", "test");
    assertThat(monitor.spec().endpoints()).containsExactly(
        new ServiceMonitor.Endpoint("http", "/actuator/prometheus", "15s", null));
    assertThat(chart.get(Service.class, "test-rivulet-headless")
        .getMetadata().getLabels()).containsEntry("rivulet.dev/service", "headless");
  }

  @Test
  void kedaTriggersOnTheApplicationsConsumerGroupAndLeavesReplicasToKeda() {
    RenderedChart chart = render("applicationId", "orders", "replicaCount", "3",
        "autoscaling.keda.enabled", "true", "autoscaling.keda.topic", "orders-in",
        "autoscaling.keda.partitions", "8", "autoscaling.keda.maxReplicaCount", "8",
        "autoscaling.keda.minReplicaCount", "2", "autoscaling.keda.lagThreshold", "200",
        "autoscaling.keda.authenticationRef", "kafka-sasl");

    ScaledObject scaledObject = chart.one(ScaledObject.class);
    assertThat(scaledObject.spec().scaleTargetRef().kind()).isEqualTo("StatefulSet");
    assertThat(scaledObject.spec().scaleTargetRef().name()).isEqualTo("test-rivulet");
    assertThat(scaledObject.spec().minReplicaCount()).isEqualTo(2);
    assertThat(scaledObject.spec().maxReplicaCount()).isEqualTo(8);
    assertThat(scaledObject.spec().pollingInterval()).isEqualTo(30);
    assertThat(scaledObject.spec().cooldownPeriod()).isEqualTo(300);
    assertThat(scaledObject.spec().triggers()).singleElement().satisfies(trigger -> {
      assertThat(trigger.metadata()).isEqualTo(new ScaledObject.KafkaMetadata(
          BOOTSTRAP, "orders", "orders-in", "200", "earliest"));
      assertThat(trigger.authenticationRef().name()).isEqualTo("kafka-sasl");
    });
    assertThat(chart.one(StatefulSet.class).getSpec().getReplicas()).isNull();
  }

  @Test
  void saslAndSslComeFromExistingSecrets() {
    RenderedChart chart = render("kafka.securityProtocol", "SASL_SSL",
        "kafka.sasl.mechanism", "SCRAM-SHA-512",
        "kafka.sasl.jaasConfigSecret.name", "kafka-user",
        "kafka.ssl.truststoreSecret.name", "kafka-ca",
        "kafka.ssl.keystoreSecret.name", "kafka-client",
        "kafka.ssl.keystoreSecret.keyPasswordKey", "key.password");
    Container app = app(chart);

    assertThat(env(app, "SPRING_KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
    assertThat(env(app, "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM").getValue())
        .isEqualTo("SCRAM-SHA-512");
    assertSecretRef(env(app, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"),
        "kafka-user", "sasl.jaas.config");
    assertThat(env(app, "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION").getValue())
        .isEqualTo("file:/etc/rivulet/kafka-ssl/truststore.p12");
    assertThat(env(app, "SPRING_KAFKA_SSL_TRUST_STORE_TYPE").getValue()).isEqualTo("PKCS12");
    assertSecretRef(env(app, "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD"),
        "kafka-ca", "truststore.password");
    assertThat(env(app, "SPRING_KAFKA_SSL_KEY_STORE_LOCATION").getValue())
        .isEqualTo("file:/etc/rivulet/kafka-ssl/keystore.p12");
    assertSecretRef(env(app, "SPRING_KAFKA_SSL_KEY_STORE_PASSWORD"),
        "kafka-client", "keystore.password");
    assertSecretRef(env(app, "SPRING_KAFKA_SSL_KEY_PASSWORD"), "kafka-client", "key.password");
    assertThat(app.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("kafka-ssl");
      assertThat(mount.getMountPath()).isEqualTo("/etc/rivulet/kafka-ssl");
      assertThat(mount.getReadOnly()).isTrue();
    });
    Volume ssl = volume(chart, "kafka-ssl");
    assertThat(ssl.getProjected().getSources()).extracting(source -> source.getSecret().getName())
        .containsExactly("kafka-ca", "kafka-client");
    assertThat(ssl.getProjected().getSources().get(0).getSecret().getItems())
        .singleElement().satisfies(item -> assertThat(item.getKey()).isEqualTo("truststore.p12"));
  }

  @Test
  void staticMembershipOffDropsTheInstanceIdAndTheSessionTimeout() {
    RenderedChart chart = render("staticMembership.enabled", "false");

    assertThat(app(chart).getEnv()).extracting(EnvVar::getName)
        .doesNotContain("RIVULET_INSTANCE_ID").contains("POD_NAME", "RIVULET_STATE_DIR");
    assertThat(MAPPER.readTree(chart.one(ConfigMap.class).getData().get("application.yaml"))
        .path("rivulet").has("kafka-properties")).isFalse();
  }

  @Test
  void shutdownTimeoutAndPreStopSleepSetTheGracePeriod() {
    RenderedChart chart = render("shutdownTimeout", "2m", "preStop.sleepSeconds", "10",
        "preStop.mode", "sleep");

    assertThat(pod(chart).getTerminationGracePeriodSeconds()).isEqualTo(10 + 120 + 10L);
    assertThat(app(chart).getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(10L);
    assertThat(app(chart).getLifecycle().getPreStop().getExec()).isNull();
    assertThat(chart.one(ConfigMap.class).getData().get("application.yaml"))
        .contains("timeout-per-shutdown-phase: 2m");
  }

  @Test
  void preStopSleepZeroDisablesTheHook() {
    RenderedChart chart = render("preStop.sleepSeconds", "0");

    assertThat(app(chart).getLifecycle()).isNull();
    assertThat(pod(chart).getTerminationGracePeriodSeconds()).isEqualTo(30 + 10L);
  }

  @Test
  void memoryValuesReachTheJvmAndTheConfigMap() {
    RenderedChart chart = render("memory.heap", "1g", "memory.directMemory", "128m",
        "memory.blockCache", "256MB", "memory.stateCache", "128MB",
        "resources.limits.memory", "2Gi", "jvm.extraOptions", "-XX:+UseG1GC");

    assertThat(env(app(chart), "JAVA_TOOL_OPTIONS").getValue())
        .isEqualTo("-Xmx1g -XX:MaxDirectMemorySize=128m -XX:+ExitOnOutOfMemoryError "
            + "-Djava.io.tmpdir=/tmp -XX:+UseG1GC");
    assertThat(chart.one(ConfigMap.class).getData().get("application.yaml"))
        .contains("block-cache: 256MB", "state-cache: 128MB", "write-buffer: 32MB");
  }

  @Test
  void userConfigMergesWithAndOverridesTheChartsConfig() {
    RenderedChart chart = render("config.rivulet.threads", "2",
        "config.management.endpoints.web.exposure.include", "health,prometheus");

    var config = MAPPER.readTree(chart.one(ConfigMap.class).getData().get("application.yaml"));
    assertThat(config.at("/rivulet/threads").asInt()).isEqualTo(2);
    assertThat(config.at("/rivulet/memory/block-cache").asString()).isEqualTo("64MB");
    assertThat(config.at("/management/endpoints/web/exposure/include").asString())
        .isEqualTo("health,prometheus");
    assertThat(config.at("/management/endpoint/health/probes/enabled").asBoolean()).isTrue();
  }

  @Test
  void withoutPersistenceStateIsAnEmptyDir() {
    RenderedChart chart = render("persistence.enabled", "false");

    assertThat(chart.one(StatefulSet.class).getSpec().getVolumeClaimTemplates()).isEmpty();
    assertThat(volume(chart, "state").getEmptyDir()).isNotNull();
  }

  @Test
  void persistenceStorageClassSizeAndRetention() {
    RenderedChart chart = render("persistence.size", "50Gi", "persistence.storageClass", "fast",
        "persistence.retentionPolicy.whenScaled", "Delete");
    StatefulSet statefulSet = chart.one(StatefulSet.class);

    var claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getSpec();
    assertThat(claim.getStorageClassName()).isEqualTo("fast");
    assertThat(claim.getResources().getRequests().get("storage").toString()).isEqualTo("50Gi");
    assertThat(statefulSet.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Delete");
    assertThat(render("persistence.storageClass", "-").one(StatefulSet.class).getSpec()
        .getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEmpty();
  }

  @Test
  void schedulingServiceAccountAndDisruptionBudgetToggles() {
    RenderedChart chart = render("serviceAccount.create", "false", "serviceAccount.name", "shared",
        "podDisruptionBudget.enabled", "false", "nodeSelector.pool", "streams",
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            + ".nodeSelectorTerms[0].matchExpressions[0].key", "pool",
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            + ".nodeSelectorTerms[0].matchExpressions[0].operator", "Exists",
        "imagePullSecrets[0].name", "regcred", "podAnnotations.team", "payments",
        "podLabels.tier", "streams", "metrics.podAnnotations", "false");
    PodSpec pod = pod(chart);

    assertThat(chart.all(ServiceAccount.class)).isEmpty();
    assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(pod.getServiceAccountName()).isEqualTo("shared");
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "streams"));
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNull();
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(pod.getImagePullSecrets()).singleElement()
        .satisfies(secret -> assertThat(secret.getName()).isEqualTo("regcred"));
    var template = chart.one(StatefulSet.class).getSpec().getTemplate().getMetadata();
    assertThat(template.getAnnotations()).containsEntry("team", "payments")
        .doesNotContainKey("prometheus.io/scrape");
    assertThat(template.getLabels()).containsEntry("tier", "streams");
  }

  @Test
  void extraEnvAndEnvFromAreAppended() {
    RenderedChart chart = render(
        "env[0].name", "LOGGING_LEVEL_DEV_RIVULET", "env[0].value", "DEBUG",
        "envFrom[0].secretRef.name", "app-secrets");
    Container app = app(chart);

    assertThat(app.getEnv().get(app.getEnv().size() - 1).getName())
        .isEqualTo("LOGGING_LEVEL_DEV_RIVULET");
    assertThat(app.getEnvFrom()).singleElement()
        .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("app-secrets"));
  }

  private static RenderedChart render(String... sets) {
    return RenderedChart.renderWithBootstrap(List.of(), sets);
  }

  private static PodSpec pod(RenderedChart chart) {
    return chart.one(StatefulSet.class).getSpec().getTemplate().getSpec();
  }

  private static Container app(RenderedChart chart) {
    return pod(chart).getContainers().get(0);
  }

  private static Volume volume(RenderedChart chart, String name) {
    return pod(chart).getVolumes().stream().filter(volume -> volume.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static EnvVar env(Container app, String name) {
    return app.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + app.getEnv()));
  }

  private static void assertSecretRef(EnvVar env, String secret, String key) {
    assertThat(env.getValue()).isNull();
    assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
    assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
  }
}
