package dev.rivulet.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.it.SmallDisk;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB on a state disk that fills up (a small tmpfs this test mounts; skipped, saying why,
 * where mounting is not permitted): the failing write says the disk is full and what to do, reads
 * still work, and after a reopen with room every batch written before is there whole and the
 * failed one is there whole or not at all, so a checkpoint never disagrees with its data.
 */
class DiskFullTest {
  private static final List<String> STORES = List.of("p/s");
  private static final byte[] CHECKPOINT = {(byte) 0xFF};
  private static final int ROWS = 100;
  private static final Logger log = LoggerFactory.getLogger(DiskFullTest.class);
  @TempDir Path mountPoint;
  private SmallDisk disk;
  private Path dir;

  @BeforeEach
  void mount() throws Exception {
    disk = SmallDisk.mount(mountPoint, "64m");
    dir = disk.root().resolve("state");
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void aFullDiskFailsTheWriteClearlyAndEveryBatchIsWholeAfterAReopen() throws Exception {
    Random random = new Random(26);
    int failedBatch = -1;
    try (StateEnvironment env = new StateEnvironment(dir, STORES, 1 << 20, 1 << 20)) {
      write(env, 0, random);
      disk.fill();
      for (int batch = 1; batch < 100_000 && failedBatch < 0; batch++) {
        try {
          write(env, batch, random);
        } catch (StateException e) {
          failedBatch = batch;
          assertThat(e).hasMessageContaining(dir.toString()).hasMessageContaining(" is full")
              .hasMessageContaining("rivulet.state-dir").hasMessageContaining("free space");
        }
      }
      assertThat(failedBatch).as("RocksDB ran out of room").isPositive();
      assertThat(env.get(env.family("p/s"), key(0, 0))).as("reads still work").isNotNull();
      assertThat(dir.resolve(CorruptState.MARKER)).as("a full disk is not corruption").doesNotExist();
      int lastBatch = failedBatch;
      assertThatThrownBy(() -> write(env, lastBatch + 1, random))
          .as("read-only until reopened: nothing runs on after the failure")
          .isInstanceOf(StateException.class);
    }

    disk.fill(); // what closing gave back: the log's preallocated tail
    assertThatThrownBy(() -> new StateEnvironment(dir, STORES, 1 << 20, 1 << 20).close())
        .as("a reopen while the disk is still full fails the same way")
        .isInstanceOf(RivuletConfigException.class).hasMessageContaining(" is full");
    disk.free();
    try (StateEnvironment env = new StateEnvironment(dir, STORES, 1 << 20, 1 << 20)) {
      int checkpoint = ByteBuffer.wrap(env.get(env.family("p/s"), CHECKPOINT)).getInt();
      log.info("Batch {} (of {} rows of 1 kB) met the full disk; reopened at checkpoint {}",
          failedBatch, ROWS, checkpoint);
      assertThat(checkpoint).as("every batch acknowledged before the failure is kept")
          .isBetween(failedBatch - 1, failedBatch);
      for (int batch = 0; batch <= failedBatch; batch++) {
        for (int row = 0; row < ROWS; row++) {
          byte[] value = env.get(env.family("p/s"), key(batch, row));
          if (batch <= checkpoint) {
            assertThat(value).as("batch %d row %d, checkpoint %d", batch, row, checkpoint)
                .isNotNull();
          } else {
            assertThat(value).as("batch %d row %d, checkpoint %d", batch, row, checkpoint)
                .isNull();
          }
        }
      }
    }
    assertThat(Files.exists(dir.resolve("rocksdb/CURRENT"))).as("nothing wiped").isTrue();
  }

  /** Rows of one batch, and the checkpoint naming it, in one write (as a commit does). */
  private static void write(StateEnvironment env, int batch, Random random) throws Exception {
    try (WriteBatch writes = new WriteBatch()) {
      for (int row = 0; row < ROWS; row++) {
        byte[] value = new byte[1_000];
        random.nextBytes(value);
        writes.put(env.family("p/s"), key(batch, row), value);
      }
      writes.put(env.family("p/s"), CHECKPOINT, ByteBuffer.allocate(4).putInt(batch).array());
      env.write(writes, true);
    }
  }

  private static byte[] key(int batch, int row) {
    return ByteBuffer.allocate(8).putInt(batch).putInt(row).array();
  }
}
