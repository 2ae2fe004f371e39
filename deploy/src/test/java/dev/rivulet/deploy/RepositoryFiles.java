package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The repository's files, as the tests of this module see them (Maven runs them in deploy/). */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The repository root: the parent of this module's directory. */
  static Path root() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("docker-compose.yml"))
        .as("repository root (tests run in the deploy module's directory)").isRegularFile();
    return root;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample module's {@code src/main/resources/application.properties}. */
  static Properties applicationProperties(String module) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(
        path(module + "/src/main/resources/application.properties"))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
