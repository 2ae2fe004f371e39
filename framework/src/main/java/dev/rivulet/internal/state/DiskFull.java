package dev.rivulet.internal.state;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * A full disk under the state directory, as RocksDB or the JDK report it ({@code ENOSPC}, "No
 * space left on device"), and what the user is told to do about it.
 *
 * <p>A full disk is not corruption: nothing is wiped. RocksDB stops accepting writes after it
 * (its background error makes the database read-only), so the worker that meets it stops, the
 * open transaction aborts, and a restart with room again recovers the database from its write-ahead
 * log; every task then replays only its changelog tail past the checkpoint stored with its data.
 * A database the restart finds damaged is wiped like any other ({@link CorruptState}).
 */
final class DiskFull {
  private static final String NO_SPACE = "No space left on device";

  private DiskFull() {}

  /** Whether RocksDB failed because the disk is full. */
  static boolean isDiskFull(RocksDBException e) {
    Status status = e.getStatus();
    if (status != null && status.getSubCode() == Status.SubCode.NoSpace) {
      return true;
    }
    return mentionsNoSpace(e);
  }

  /** Whether {@code e} or one of its causes says the disk is full. */
  static boolean mentionsNoSpace(@Nullable Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(NO_SPACE)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** What the user reads: which disk is full, which property to look at, what to do. */
  static String advice(Path stateDir) {
    return "the disk holding the state directory " + stateDir + " (rivulet.state-dir) is full ("
        + NO_SPACE + "): free space on it or give rivulet.state-dir more room, then restart "
        + "this instance";
  }
}
