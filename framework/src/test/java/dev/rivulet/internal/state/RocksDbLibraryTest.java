package dev.rivulet.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB's native library: loaded from the state directory, nothing left in the temp dir. */
class RocksDbLibraryTest {
  @TempDir Path tmp;

  @Test
  void aKilledInstanceLeavesNoNativeLibraryInTheTempDirectory() throws Exception {
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Path state = tmp.resolve("state");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-Xmx128m", "-Djava.io.tmpdir=" + javaTmp,
        "-cp", System.getProperty("java.class.path"), OpenAndHalt.class.getName(),
        state.toString()).inheritIO().start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("child exit code").isEqualTo(42);
    try (Stream<Path> files = Files.list(javaTmp)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith("librocksdbjni"));
    }
    try (Stream<Path> files = Files.list(state.resolve("native"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(name -> name.startsWith("librocksdbjni"));
    }
  }

  /** Opens a state environment, then dies without running exit hooks (like SIGKILL). */
  public static final class OpenAndHalt {
    public static void main(String[] args) {
      new StateEnvironment(Path.of(args[0]), List.of("p/s"), 8 << 20, 8 << 20);
      Runtime.getRuntime().halt(42);
    }
  }
}
