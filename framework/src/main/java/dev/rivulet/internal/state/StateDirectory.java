package dev.rivulet.internal.state;

import dev.rivulet.api.RivuletConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory's own files, beside the RocksDB: the {@code .lock} that keeps a second
 * instance out, and {@code instance.id}, the stable id of the directory. What cannot be used
 * fails with a {@link RivuletConfigException} that names {@code rivulet.state-dir} and says why
 * (read-only, full, in use).
 *
 * <p>Created and released by {@link StateEnvironment}; the lock is held until {@link #release}.
 */
final class StateDirectory {
  private static final Logger log = LoggerFactory.getLogger(StateDirectory.class);
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String instanceId;

  private StateDirectory(FileChannel lockChannel, FileLock lock, String instanceId) {
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.instanceId = instanceId;
  }

  /**
   * Creates {@code dir} if needed, locks it and reads (or creates) its instance id.
   *
   * @throws RivuletConfigException if it is in use by another instance or cannot be written
   */
  static StateDirectory lock(Path dir) {
    FileChannel channel;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw cannotUse(dir, "Cannot use state directory " + dir, e);
    }
    FileLock lock;
    try {
      lock = tryLock(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw cannotUse(dir, "Cannot lock state directory " + dir, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new RivuletConfigException("State directory " + dir + " is in use by another "
          + "Rivulet instance: give each instance its own state dir");
    }
    String instanceId;
    try {
      instanceId = readOrCreateInstanceId(dir.resolve("instance.id"));
    } catch (IOException e) {
      unlock(lock, channel);
      throw cannotUse(dir, "Cannot use state directory " + dir, e);
    }
    return new StateDirectory(channel, lock, instanceId);
  }

  /**
   * A stable id of this state directory, reused across restarts; part of the transactional ids so
   * that a restarted instance aborts the open transaction its previous run left behind.
   */
  String instanceId() {
    return instanceId;
  }

  /** Releases the lock; another instance may use the directory. */
  void release() {
    unlock(lock, lockChannel);
  }

  private static void unlock(FileLock lock, FileChannel channel) {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the OS releases the lock with the process
    }
    closeQuietly(channel);
  }

  /** A state directory that cannot be used: says which property to check, and why. */
  static RivuletConfigException cannotUse(Path dir, String what, @Nullable Throwable e) {
    if (DiskFull.mentionsNoSpace(e)) {
      return new RivuletConfigException(what + ": " + DiskFull.advice(dir), e);
    }
    String why = e == null ? "unknown cause" : e.getMessage();
    return new RivuletConfigException(what + ": " + why + "; check that the state directory "
        + "(rivulet.state-dir) is writable and has space", e);
  }

  /** The lock, or null if another instance (in this JVM or another) holds it. */
  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /**
   * The id in {@code file}, or a new one written there if there is none or it is not a UUID (an
   * empty file, garbage): an id that is not Rivulet's own must not become a transactional id. A
   * new id is written to a temporary file and moved into place, so that a full disk or a crash
   * never leaves half an id behind.
   */
  private static String readOrCreateInstanceId(Path file) throws IOException {
    if (Files.exists(file)) {
      long size = Files.size(file);
      String id = size > 100 ? "" : Files.readString(file, StandardCharsets.ISO_8859_1).trim();
      if (isUuid(id)) {
        return id;
      }
      if (size > 0) {
        log.warn("{} does not hold an instance id; writing a new one (a transaction the previous "
            + "run left open is then aborted by its timeout, not at this start)", file);
      }
    }
    String id = UUID.randomUUID().toString();
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, id);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return id;
  }

  private static boolean isUuid(String id) {
    try {
      return id.length() == 36 && UUID.fromString(id).toString().equals(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
