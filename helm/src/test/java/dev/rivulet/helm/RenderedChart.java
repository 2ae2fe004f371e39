package dev.rivulet.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rivulet.helm.CustomResources.ScaledObject;
import dev.rivulet.helm.CustomResources.ServiceMonitor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The objects of one {@code helm template} run of the chart, parsed into typed models and indexed
 * by type and name. Parsing is strict: a kind the chart should not render, a field a record does
 * not declare, or a field a fabric8 model collects as unknown (see {@link UnknownFields}) fails.
 */
final class RenderedChart {

  /** The chart, relative to the module directory (the tests' working directory). */
  static final Path CHART = Path.of("rivulet").toAbsolutePath();
  static final Path FRAUD_DETECTION_VALUES =
      Path.of("values-fraud-detection.yaml").toAbsolutePath();
  static final Path MONITORING_VALUES = Path.of("values-monitoring.yaml").toAbsolutePath();
  static final String RELEASE = "test";
  static final String NAMESPACE = "streams";
  static final String BOOTSTRAP = "kafka-0.kafka:9092,kafka-1.kafka:9092";

  static final ObjectMapper MAPPER = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final Map<String, Class<?>> TYPES = Map.of(
      "apps/v1/StatefulSet", StatefulSet.class,
      "v1/Service", Service.class,
      "v1/ConfigMap", ConfigMap.class,
      "v1/ServiceAccount", ServiceAccount.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
      "keda.sh/v1alpha1/ScaledObject", ScaledObject.class);

  private final Map<Class<?>, Map<String, Object>> objects;

  private RenderedChart(Map<Class<?>, Map<String, Object>> objects) {
    this.objects = objects;
  }

  /**
   * Renders the chart as release {@value #RELEASE} in namespace {@value #NAMESPACE} with the
   * given values files, then {@code sets} (key, value pairs). Throws {@link IllegalStateException}
   * with Helm's message when rendering fails.
   */
  static RenderedChart render(List<Path> valuesFiles, String... sets) {
    return parse(template(valuesFiles, sets));
  }

  /** {@link #render} with the required bootstrap servers set to {@value #BOOTSTRAP}. */
  static RenderedChart renderWithBootstrap(List<Path> valuesFiles, String... sets) {
    List<String> all = new ArrayList<>(List.of("kafka.bootstrapServers", BOOTSTRAP));
    all.addAll(List.of(sets));
    return render(valuesFiles, all.toArray(String[]::new));
  }

  /** The raw output of {@code helm template}. */
  static String template(List<Path> valuesFiles, String... sets) {
    if (sets.length % 2 != 0) {
      throw new IllegalArgumentException("sets are key, value pairs");
    }
    TemplateCommand command = new Helm(CHART).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE);
    valuesFiles.forEach(command::withValuesFile);
    for (int i = 0; i < sets.length; i += 2) {
      command.set(sets[i], sets[i + 1]);
    }
    return command.call();
  }

  /** Parses multi-document YAML strictly (see the class comment) and indexes the objects. */
  static RenderedChart parse(String yaml) {
    Map<Class<?>, Map<String, Object>> objects = new LinkedHashMap<>();
    List<JsonNode> documents =
        MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    for (JsonNode document : documents) {
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue;
      }
      String key = document.path("apiVersion").asString() + "/" + document.path("kind").asString();
      Class<?> type = TYPES.get(key);
      if (type == null) {
        throw new AssertionError("unexpected object " + key + ":\n" + document);
      }
      Object object = MAPPER.treeToValue(document, type);
      String name = document.path("metadata").path("name").asString();
      List<String> unknown = UnknownFields.of(object);
      if (!unknown.isEmpty()) {
        throw new AssertionError(key + " " + name + " has unknown fields " + unknown);
      }
      Object previous = objects.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(name, object);
      if (previous != null) {
        throw new AssertionError("two objects " + key + " " + name);
      }
    }
    return new RenderedChart(objects);
  }

  /** The object of this type and name. */
  <T> T get(Class<T> type, String name) {
    Object object = objects.getOrDefault(type, Map.of()).get(name);
    if (object == null) {
      throw new NoSuchElementException(
          "no " + type.getSimpleName() + " " + name + " in " + objects);
    }
    return type.cast(object);
  }

  /** The only object of this type. */
  <T> T one(Class<T> type) {
    List<T> all = all(type);
    if (all.size() != 1) {
      throw new AssertionError(all.size() + " objects of " + type.getSimpleName() + ": " + all);
    }
    return all.get(0);
  }

  /** All objects of this type, in rendering order. */
  <T> List<T> all(Class<T> type) {
    return objects.getOrDefault(type, Map.of()).values().stream().map(type::cast).toList();
  }
}
