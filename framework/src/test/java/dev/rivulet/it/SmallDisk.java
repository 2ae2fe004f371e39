package dev.rivulet.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, to give a state directory a disk that fills up or turns
 * read-only, as production disks do. Mounting needs root with {@code CAP_SYS_ADMIN} (CI has it);
 * where it is not permitted the test is skipped with the reason, never passed silently.
 *
 * <p>Used on the test thread; {@link #close} unmounts (call it from {@code @AfterEach}).
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;
  private final Path filler;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a tmpfs of {@code size} (as {@code mount} reads it: {@code 64m}) at an empty dir. */
  public static SmallDisk mount(Path mountPoint, String size) throws IOException {
    String failed;
    try {
      failed = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
    } catch (IOException e) {
      failed = e.toString(); // no mount command
    }
    Assumptions.assumeTrue(failed == null, "cannot mount a tmpfs at " + mountPoint
        + " (needs root with CAP_SYS_ADMIN), so a full or read-only state disk cannot be "
        + "tested here: " + failed);
    return new SmallDisk(mountPoint);
  }

  public Path root() {
    return mountPoint;
  }

  /** Fills every free byte with a file (added to, when called again); returns the bytes added. */
  public long fill() throws IOException {
    byte[] chunk = new byte[64 << 10];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw e;
      }
    }
    // the last partial chunk: page by page until not even one fits
    try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
      while (true) {
        out.write(new byte[4096]);
        written += 4096;
      }
    } catch (IOException e) {
      return written;
    }
  }

  /** Deletes what {@link #fill} wrote. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Remounts with other options ({@code ro}, {@code rw}, {@code size=128m}). */
  public void remount(String options) throws IOException {
    String failed = run("mount", "-o", "remount," + options, mountPoint.toString());
    if (failed != null) {
      throw new IOException("cannot remount " + mountPoint + " " + options + ": " + failed);
    }
  }

  @Override
  public void close() throws IOException {
    if (run("umount", mountPoint.toString()) != null) {
      String failed = run("umount", "-l", mountPoint.toString()); // a file still open
      if (failed != null) {
        throw new IOException("cannot unmount " + mountPoint + ": " + failed);
      }
    }
  }

  /** Runs a command; null if it succeeded, else its exit status and output. */
  private static String run(String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", args) + " did not finish in 30 s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + args, e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.exitValue() == 0 ? null : String.join(" ", args) + " exited with " + p.exitValue()
        + ": " + output;
  }
}
