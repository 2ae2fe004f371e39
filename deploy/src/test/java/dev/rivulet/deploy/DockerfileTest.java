package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.rivulet.deploy.Dockerfile.Instruction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's {@code Dockerfile} (there is no Docker engine here to build it): a two-stage
 * build of one module with the production profile, the Spring Boot layers copied one by one
 * into a JRE image that runs as a non-root user with its state on a volume. The layer names and
 * the launcher are checked against a real sample jar, extracted with the very command the
 * Dockerfile runs.
 */
class DockerfileTest {
  private static final Pattern LAYER_COPY =
      Pattern.compile("^--from=build /extracted/([\\w-]+)/ \\./$");
  private static final List<String> SAMPLES = List.of("sample-fraud-detection",
      "sample-monitoring");

  private final Dockerfile dockerfile = Dockerfile.parse(RepositoryFiles.read("Dockerfile"));
  private final int runtime = dockerfile.lastStage();

  @Test
  void buildsWithTheJdkAndRunsOnTheJre() {
    assertThat(dockerfile.all("FROM")).extracting(Instruction::arguments)
        .containsExactly("eclipse-temurin:17-jdk AS build", "eclipse-temurin:17-jre");
  }

  @Test
  void buildsTheChosenModuleWithTheProductionProfileAndACachedRepository() {
    assertThat(dockerfile.inStage(-1, "ARG")).extracting(Instruction::arguments)
        .containsExactly("MODULE=sample-fraud-detection");
    assertThat(RepositoryFiles.path("sample-fraud-detection/pom.xml")).isRegularFile();
    assertThat(dockerfile.inStage(0, "ARG")).extracting(Instruction::arguments)
        .containsExactly("MODULE");
    assertThat(dockerfile.inStage(0, "RUN")).extracting(Instruction::arguments)
        .anySatisfy(run -> assertThat(run).startsWith("--mount=type=cache,target=/root/.m2 ")
            .contains("./mvnw -B -ntp -Dproduction -DskipTests -pl \"${MODULE}\" -am package"));
  }

  @Test
  void extractsTheJarsLayersWithTheLauncher() {
    assertThat(dockerfile.inStage(0, "RUN")).extracting(Instruction::arguments)
        .anySatisfy(run -> assertThat(run).contains("java -Djarmode=tools -jar \"$1\" "
            + "extract --layers --launcher --destination /extracted"));
  }

  @Test
  void runsAsANonRootUserWithTheStateOnAVolume() {
    assertThat(dockerfile.inStage(runtime, "USER")).extracting(Instruction::arguments)
        .containsExactly("10001:10001");
    assertThat(dockerfile.inStage(runtime, "RUN")).extracting(Instruction::arguments)
        .anySatisfy(run -> assertThat(run).contains("useradd --system --uid 10001 ",
            "chown -R 10001:10001 /var/lib/rivulet"));
    assertThat(dockerfile.inStage(runtime, "VOLUME")).extracting(Instruction::arguments)
        .containsExactly("/var/lib/rivulet");
    Map<String, String> env = dockerfile.environment(runtime);
    assertThat(env).containsEntry("RIVULET_STATE_DIR", "/var/lib/rivulet/state")
        .containsEntry("RIVULET_DEV_BROKER_ENABLED", "false");
    assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=50");
    assertThat(dockerfile.inStage(runtime, "EXPOSE")).extracting(Instruction::arguments)
        .containsExactly("8080");
  }

  @Test
  void copiesTheLayersOfARealJarInTheirOrderAndStartsItsLauncher(@TempDir Path extracted)
      throws Exception {
    List<Path> jars = SAMPLES.stream().flatMap(DockerfileTest::builtJar).toList();
    assumeFalse(jars.isEmpty(), "no sample jar built: ./mvnw -DskipTests -pl "
        + "sample-fraud-detection -am package builds one");
    List<String> copied = copiedLayers();
    for (Path jar : jars) {
      assertThat(jarTools(jar, "list-layers").lines().map(String::strip)
          .filter(l -> !l.isEmpty())).as(jar + " list-layers").containsExactlyElementsOf(copied);

      Path destination = extracted.resolve(jar.getFileName().toString());
      jarTools(jar, "extract", "--layers", "--launcher", "--destination",
          destination.toString());
      try (Stream<Path> layers = Files.list(destination)) {
        assertThat(layers.map(p -> p.getFileName().toString())).as(jar + " extracted layers")
            .containsExactlyInAnyOrderElementsOf(copied);
      }
      String launcher = entrypointClass();
      assertThat(mainClass(destination.resolve("application/META-INF/MANIFEST.MF")))
          .as(jar + " Main-Class").isEqualTo(launcher);
      assertThat(destination.resolve("spring-boot-loader")
          .resolve(launcher.replace('.', '/') + ".class")).isRegularFile();
    }
  }

  @Test
  void theBuildContextHasEveryModuleAndTheWrapperButNoBuildOutput() {
    DockerIgnore ignore = DockerIgnore.parse(RepositoryFiles.read(".dockerignore"));
    List<String> needed = new ArrayList<>(List.of("pom.xml", "mvnw",
        ".mvn/wrapper/maven-wrapper.properties"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>")
        .matcher(RepositoryFiles.read("pom.xml"));
    while (module.find()) {
      needed.add(module.group(1) + "/pom.xml");
      needed.add(module.group(1) + "/src/main/java");
    }
    assertThat(needed).hasSizeGreaterThan(10).noneMatch(ignore::excludes);
    assertThat(List.of("sample-fraud-detection/target/sample-fraud-detection.jar",
        "framework/target/classes/x.class", ".git/HEAD", "x.iml"))
        .allMatch(ignore::excludes);
  }

  /** The layers the runtime stage copies, in order, each from the build stage's extraction. */
  private List<String> copiedLayers() {
    List<String> layers = new ArrayList<>();
    for (Instruction copy : dockerfile.inStage(runtime, "COPY")) {
      Matcher layer = LAYER_COPY.matcher(copy.arguments());
      assertThat(layer.matches()).as("COPY " + copy.arguments()).isTrue();
      layers.add(layer.group(1));
    }
    return layers;
  }

  private String entrypointClass() {
    List<String> entrypoint = dockerfile.inStage(runtime, "ENTRYPOINT").stream()
        .map(e -> List.of(JsonMapper.builder().build().readValue(e.arguments(), String[].class)))
        .findFirst().orElseThrow();
    assertThat(entrypoint).as("exec-form ENTRYPOINT").hasSize(2).first().isEqualTo("java");
    return entrypoint.get(1);
  }

  private static Stream<Path> builtJar(String module) {
    Path jar = RepositoryFiles.path(module + "/target/" + module + "-"
        + System.getProperty("rivulet.version") + ".jar");
    return Files.isRegularFile(jar) ? Stream.of(jar) : Stream.empty();
  }

  private static String mainClass(Path manifest) throws IOException {
    try (InputStream in = Files.newInputStream(manifest)) {
      return new Manifest(in).getMainAttributes().getValue("Main-Class");
    }
  }

  /** Runs {@code java -Djarmode=tools -jar <jar> <args>} as the Dockerfile does. */
  private static String jarTools(Path jar, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djarmode=tools", "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    return output;
  }
}
