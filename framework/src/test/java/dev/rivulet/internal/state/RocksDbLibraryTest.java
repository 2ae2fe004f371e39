package dev.rivulet.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.it.SmallDisk;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.util.Environment;

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

  @Test
  void aStateDiskTooSmallForTheLibraryKeepsNoPartOfItAndTheStateOpens() throws Exception {
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Path mountPoint = Files.createDirectories(tmp.resolve("disk"));
    try (SmallDisk disk = SmallDisk.mount(mountPoint, "8m")) { // the library takes 15 MB
      Path state = disk.root().resolve("state");
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p = new ProcessBuilder(java, "-Xmx128m", "-Djava.io.tmpdir=" + javaTmp,
          "-cp", System.getProperty("java.class.path"), OpenAndHalt.class.getName(),
          state.toString()).inheritIO().start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("child exit code: 42 = the state opened").isEqualTo(42);
      try (Stream<Path> files = Files.list(state.resolve("native"))) {
        assertThat(files).as("no copy cut short by the full disk").isEmpty();
      }
    }
  }

  @Test
  void theLibcIsReadFromTheProcessMaps() throws Exception {
    Path glibc = Files.writeString(tmp.resolve("glibc"),
        "7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n");
    Path musl = Files.writeString(tmp.resolve("musl"),
        "7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /lib/ld-musl-x86_64.so.1\n");
    Path neither = Files.writeString(tmp.resolve("neither"), "00400000-00401000 r-xp java\n");
    assertThat(RocksDbLibrary.muslFromMaps(glibc)).isFalse();
    assertThat(RocksDbLibrary.muslFromMaps(musl)).isTrue();
    assertThat(RocksDbLibrary.muslFromMaps(neither)).isNull();
    assertThat(RocksDbLibrary.muslFromMaps(tmp.resolve("absent"))).isNull();
  }

  @Test
  void rocksDbIsToldItsLibcSoItNeedNotSpawnAShellToFindOut() throws Exception {
    assumeTrue(System.getenv("ROCKSDB_MUSL_LIBC") == null, "ROCKSDB_MUSL_LIBC decides instead");
    assumeTrue(RocksDbLibrary.muslFromMaps(Path.of("/proc/self/maps")) != null, "no /proc maps");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        PresetAndReport.class.getName()).inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("child exit code: 42 = preset before RocksDB asked").isEqualTo(42);
  }

  /** Presets the libc in a fresh JVM and exits 42 if RocksDB's own check would not run. */
  public static final class PresetAndReport {
    public static void main(String[] args) throws Exception {
      RocksDbLibrary.presetLibc();
      Field field = Environment.class.getDeclaredField("MUSL_LIBC");
      field.setAccessible(true);
      Runtime.getRuntime().halt(field.get(null) != null ? 42 : 1);
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
