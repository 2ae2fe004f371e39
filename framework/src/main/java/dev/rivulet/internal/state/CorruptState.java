package dev.rivulet.internal.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Rivulet does with local state it cannot trust. The changelogs hold every store's committed
 * state, so a damaged RocksDB is never repaired: it is wiped and every store restores from its
 * changelog. Damage found at start-up (a truncated or missing SST file, garbage in the MANIFEST or
 * CURRENT file) wipes at once; damage found while running (a block failing its checksum) marks the
 * directory, the worker stops, and the next start wipes before it opens anything. Errors that a
 * wipe cannot cure (permissions, a read-only or full disk) are not corruption: they fail the
 * start with the cause.
 */
final class CorruptState {
  /** Present in a state directory whose RocksDB must be wiped before it is opened again. */
  static final String MARKER = "rocksdb.corrupt";
  private static final Logger log = LoggerFactory.getLogger(CorruptState.class);

  private CorruptState() {}

  /** Whether RocksDB reports damaged data (as opposed to an I/O or usage problem). */
  static boolean isCorruption(RocksDBException e) {
    Status status = e.getStatus();
    if (status != null && status.getCode() == Status.Code.Corruption) {
      return true;
    }
    String message = String.valueOf(e.getMessage());
    return message.startsWith("Corruption") || message.contains("Corruption:");
  }

  /** Records that the RocksDB under {@code stateDir} is corrupt; the next open wipes it. */
  static void mark(Path stateDir, Exception cause) {
    Path marker = stateDir.resolve(MARKER);
    try {
      // the empty file is the mark: creating it needs no free block, unlike writing the reason
      if (!Files.exists(marker)) {
        Files.createFile(marker);
      }
    } catch (IOException e) {
      log.error("Cannot mark state directory {} as corrupt ({}); the next start opens it as it is "
          + "and wipes it only if RocksDB then finds the damage", stateDir, e.toString());
      return;
    }
    try {
      Files.writeString(marker, String.valueOf(cause.getMessage()) + "\n");
    } catch (IOException e) {
      log.warn("Marked state directory {} as corrupt, without the reason ({})", stateDir,
          e.toString());
    }
  }

  static boolean marked(Path stateDir) {
    return Files.exists(stateDir.resolve(MARKER));
  }

  /** Deletes the RocksDB under {@code stateDir} (and the marker, last). */
  static void wipe(Path stateDir, String why) {
    Path db = stateDir.resolve("rocksdb");
    log.error("Local state in {} cannot be trusted ({}): wiping it; every store restores from "
        + "its changelog", db, why);
    try {
      if (Files.exists(db)) {
        try (Stream<Path> files = Files.walk(db)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.deleteIfExists(stateDir.resolve(MARKER));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot wipe corrupt state in " + db, e);
    }
  }
}
