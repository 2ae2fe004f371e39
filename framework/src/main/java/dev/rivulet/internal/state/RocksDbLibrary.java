package dev.rivulet.internal.state;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.rocksdb.NativeLibraryLoader;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library once per JVM from a copy in the state directory. RocksDB's own
 * loader extracts the library (15 MB) to a new temp file on every start and deletes it only when
 * the JVM exits cleanly, so every killed instance leaves one behind in {@code /tmp} (one machine
 * here had 290 of them, 4.4 GB, after a day of chaos runs). The copy here has a fixed name and is
 * replaced at each start, under the state directory's lock. If it cannot be loaded from there (a
 * {@code noexec} volume, say), RocksDB's own loader runs as before.
 */
final class RocksDbLibrary {
  private static final Logger log = LoggerFactory.getLogger(RocksDbLibrary.class);

  private RocksDbLibrary() {}

  /** Call while holding {@code stateDir}'s lock, before any other RocksDB class is used. */
  static synchronized void load(Path stateDir) {
    presetLibc();
    Path dir = stateDir.resolve("native");
    try {
      Files.createDirectories(dir);
      NativeLibraryLoader.getInstance().loadLibrary(dir.toString());
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      log.info("Cannot load RocksDB from {} ({}); extracting it to the temp directory instead",
          stateDir, e.toString());
      deleteCopies(dir); // a copy cut short by a full disk would keep 15 MB of it
    }
    RocksDB.loadLibrary(); // a no-op once loaded above
  }

  /** Deletes the files in {@code dir}: none of them could be loaded. */
  private static void deleteCopies(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Cannot delete the RocksDB copies in {}: {}", dir, e.toString());
    }
  }

  /**
   * RocksDB picks its glibc or musl build by running {@code sh -c "ldd /usr/bin/env | grep musl"}
   * when its loader is first used, unless {@code ROCKSDB_MUSL_LIBC} is set: 0.3 s of every start,
   * measured. The libc this JVM runs on is already mapped into the process, so it is read from
   * {@code /proc/self/maps} and handed to RocksDB's {@code Environment} (a private field: if that
   * ever fails, RocksDB runs its own check as before).
   */
  static void presetLibc() {
    if (System.getenv("ROCKSDB_MUSL_LIBC") != null) {
      return; // the user's setting decides
    }
    Boolean musl = muslFromMaps(Path.of("/proc/self/maps"));
    if (musl == null) {
      return;
    }
    try {
      Field field = Environment.class.getDeclaredField("MUSL_LIBC");
      field.setAccessible(true);
      if (field.get(null) == null) {
        field.set(null, musl);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("Cannot preset RocksDB's libc ({}); it checks itself", e.toString());
    }
  }

  /** True for musl, false for glibc, null if the maps do not say (or cannot be read). */
  static @Nullable Boolean muslFromMaps(Path maps) {
    try (var lines = Files.lines(maps)) {
      Boolean found = null;
      for (var it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.contains("/ld-musl-") || line.contains("/libc.musl-")) {
          return Boolean.TRUE;
        }
        if (line.contains("/libc.so.6") || line.contains("/libc-2.")) {
          found = Boolean.FALSE;
        }
      }
      return found;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
