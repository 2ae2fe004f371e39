package dev.rivulet.helm;

import static dev.rivulet.helm.RenderedChart.BOOTSTRAP;
import static dev.rivulet.helm.RenderedChart.CHART;
import static dev.rivulet.helm.RenderedChart.FRAUD_DETECTION_VALUES;
import static dev.rivulet.helm.RenderedChart.MAPPER;
import static dev.rivulet.helm.RenderedChart.MONITORING_VALUES;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code helm lint --strict} of the chart. helm-java's lint takes no values, so each case lints a
 * copy of the chart whose values.yaml is the chart's defaults merged with the case's values, as
 * {@code helm lint -f} would.
 */
class ChartLintTest {

  @TempDir
  Path copies;

  static Stream<Path> sampleValues() {
    return Stream.of(FRAUD_DETECTION_VALUES, MONITORING_VALUES);
  }

  @Test
  void defaultsWithBootstrapServersLintCleanly() {
    assertClean(lint(bootstrapOnly()));
  }

  @ParameterizedTest
  @MethodSource("sampleValues")
  void sampleValuesLintCleanly(Path values) {
    ObjectNode overrides = (ObjectNode) MAPPER.readTree(values.toFile());
    merge(overrides, bootstrapOnly());
    assertClean(lint(overrides));
  }

  @Test
  void lintRejectsAValueTheSchemaDoesNotKnow() {
    ObjectNode overrides = bootstrapOnly();
    overrides.putObject("staticMembership").put("sessionTimeoutMs", "60000");

    LintResult result = lint(overrides);

    assertThat(result.isFailed()).isTrue();
    assertThat(result.getMessages()).anySatisfy(message -> assertThat(message)
        .contains("[ERROR]").contains("sessionTimeoutMs"));
  }

  private static void assertClean(LintResult result) {
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }

  private static ObjectNode bootstrapOnly() {
    ObjectNode overrides = MAPPER.createObjectNode();
    overrides.putObject("kafka").put("bootstrapServers", BOOTSTRAP);
    return overrides;
  }

  /** Lints a copy of the chart whose values.yaml is the defaults merged with {@code overrides}. */
  private LintResult lint(ObjectNode overrides) {
    Path copy = copies.resolve("rivulet-" + System.nanoTime()).resolve("rivulet");
    copyTree(CHART, copy);
    ObjectNode values = (ObjectNode) MAPPER.readTree(CHART.resolve("values.yaml").toFile());
    merge(values, overrides);
    MAPPER.writeValue(copy.resolve("values.yaml").toFile(), values);
    return new Helm(copy).lint().strict().call();
  }

  private static void merge(ObjectNode target, ObjectNode source) {
    source.properties().forEach(entry -> {
      JsonNode existing = target.get(entry.getKey());
      if (existing instanceof ObjectNode existingObject
          && entry.getValue() instanceof ObjectNode object) {
        merge(existingObject, object);
      } else {
        target.set(entry.getKey(), entry.getValue());
      }
    });
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
