package dev.rivulet.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletRuntimeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API stands apart from the runtime: no source file of {@code dev.rivulet.api..} names
 * {@code dev.rivulet.internal..} (import or qualified name); the builder reaches the runtime only
 * through the {@link RivuletRuntimeFactory} service.
 */
class ApiBoundaryTest {
  private static final Path API = Path.of("src/main/java/dev/rivulet/api");
  /** An import of, or a qualified reference to, an internal package or type. */
  private static final Pattern INTERNAL_TYPE =
      Pattern.compile("import dev\\.rivulet\\.internal|dev\\.rivulet\\.internal\\.[a-z]+\\.[A-Z]");

  @Test
  void apiSourcesNameNoInternalType() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(API)) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(ApiBoundaryTest::namesInternals)
          .map(Path::toString).sorted().toList();
    }
    assertThat(offenders).as("API files naming dev.rivulet.internal").isEmpty();
  }

  private static boolean namesInternals(Path file) {
    try {
      return INTERNAL_TYPE.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theRuntimeIsFoundThroughItsServiceFactory() {
    List<String> factories = ServiceLoader.load(RivuletRuntimeFactory.class).stream()
        .map(p -> p.type().getName()).toList();
    assertThat(factories).containsExactly("dev.rivulet.internal.runtime.DefaultRuntimeFactory");
    assertThat(Rivulet.builder().applicationId("a").bootstrapServers("localhost:1")
        .processor(ProcessorDefinition.<String, String, String>builder("p", (v, ctx) -> { })
            .keyType(String.class).input("in", String.class).build())
        .build().getClass().getName())
        .isEqualTo("dev.rivulet.internal.runtime.RivuletRuntime");
  }
}
