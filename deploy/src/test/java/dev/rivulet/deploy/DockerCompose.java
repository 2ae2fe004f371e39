package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The real Docker Compose ({@code docker-compose}, Debian's package; or the {@code docker
 * compose} plugin) run on the repository's {@code docker-compose.yml}: it validates the file and
 * prints the model it would run, with YAML anchors, defaults and relative paths resolved, which
 * the tests then inspect.
 */
final class DockerCompose {
  static final String FILE = "docker-compose.yml";
  private static final String MISSING = "Docker Compose is not installed: the deployment tests "
      + "validate docker-compose.yml with it. Install it (apt-get install docker-compose; CI's "
      + ".ci/run does) and run the tests again.";

  private DockerCompose() {}

  /** Compose's resolved model of the file ({@code config}); fails if Compose rejects it. */
  static JsonNode resolvedModel() {
    Result result = run("config");
    assertThat(result.exitCode()).as("docker-compose config: " + result.stderr()).isZero();
    return YAMLMapper.builder().build().readTree(result.stdout());
  }

  /** Runs {@code docker-compose -f docker-compose.yml <args>} in the repository root. */
  static Result run(String... args) {
    List<String> command = new ArrayList<>(executable());
    command.addAll(List.of("-f", FILE));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("compose", ".out");
      Path err = Files.createTempFile("compose", ".err");
      try {
        Process process = new ProcessBuilder(command).directory(RepositoryFiles.root().toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.delete(out);
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code docker-compose} on the PATH, else {@code docker compose} if the plugin answers. */
  private static List<String> executable() {
    if (onPath("docker-compose")) {
      return List.of("docker-compose");
    }
    if (onPath("docker")) {
      try {
        Process plugin = new ProcessBuilder("docker", "compose", "version")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (plugin.waitFor(30, TimeUnit.SECONDS) && plugin.exitValue() == 0) {
          return List.of("docker", "compose");
        }
      } catch (IOException e) {
        // not usable: fall through to the failure below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return fail(MISSING);
  }

  private static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name)).anyMatch(Files::isExecutable);
  }

  /** A mount of a service: a named volume or a bind mount, from either syntax Compose prints. */
  record Mount(String source, String target, boolean readOnly) {
    static Mount of(JsonNode volume) {
      if (volume.isString()) { // short syntax: source:target[:mode]
        String[] parts = volume.asString().split(":");
        return new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro"));
      }
      return new Mount(volume.path("source").asString(), volume.path("target").asString(),
          volume.path("read_only").asBoolean(false));
    }
  }

  static List<Mount> mounts(JsonNode service) {
    return service.path("volumes").valueStream().map(Mount::of).toList();
  }

  /** A service's environment as a map (Compose prints the list syntax as a map too). */
  static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new TreeMap<>();
    service.path("environment").properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
    return env;
  }

  /** Published host port to container port, from either port syntax. */
  static Map<String, String> ports(JsonNode service) {
    Map<String, String> ports = new TreeMap<>();
    for (JsonNode port : service.path("ports")) {
      if (port.isString()) {
        String[] parts = port.asString().replaceFirst("/.*$", "").split(":");
        ports.put(parts[parts.length - 2], parts[parts.length - 1]);
      } else {
        ports.put(port.path("published").asString(), port.path("target").asString());
      }
    }
    return ports;
  }

  /** The outcome of a Compose command. */
  record Result(int exitCode, String stdout, String stderr) {}
}
