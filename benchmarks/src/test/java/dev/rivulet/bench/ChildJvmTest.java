package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

  /** A /proc/<pid>/task/<tid>/stat line: utime and stime are fields 14 and 15. */
  private static void thread(Path tasks, int tid, String name, long utime, long stime)
      throws IOException {
    Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
    Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194368 100 0 0 0 "
        + utime + " " + stime + " 0 0 20 0 30 0 12345 0 0\n");
  }

  @Test
  void sumsOnlyTheCompilerThreads(@TempDir Path tasks) throws IOException {
    thread(tasks, 101, "java", 50, 5);
    thread(tasks, 102, "C2 CompilerThre", 120, 3);
    thread(tasks, 103, "C1 CompilerThre", 40, 1);
    thread(tasks, 104, "data-plane-kafk", 300, 20);
    thread(tasks, 105, "GC Thread#0", 10, 0);
    // (120 + 3 + 40 + 1) ticks of 10 ms
    assertThat(ChildJvm.jitCpuNanos(tasks)).isEqualTo(164 * 10_000_000L);
  }

  @Test
  void toleratesThreadNamesWithSpacesAndParentheses(@TempDir Path tasks) throws IOException {
    thread(tasks, 201, "C2 CompilerThre", 7, 0);
    thread(tasks, 202, "odd (name) x", 900, 0);
    assertThat(ChildJvm.jitCpuNanos(tasks)).isEqualTo(7 * 10_000_000L);
  }

  @Test
  void unknownWithoutATaskDirectory(@TempDir Path dir) {
    assertThat(ChildJvm.jitCpuNanos(dir.resolve("gone"))).isEqualTo(-1);
  }
}
