package dev.rivulet.internal.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.NativeLibraryLoader;
import org.rocksdb.RocksDB;
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
    try {
      Path dir = Files.createDirectories(stateDir.resolve("native"));
      NativeLibraryLoader.getInstance().loadLibrary(dir.toString());
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      log.info("Cannot load RocksDB from {} ({}); extracting it to the temp directory instead",
          stateDir, e.toString());
    }
    RocksDB.loadLibrary(); // a no-op once loaded above
  }
}
