package dev.rivulet.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.it.SmallDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * Damaged local state of a stopped instance: each kind is detected when the state is opened, the
 * RocksDB is wiped (the changelogs restore it), and what a wipe cannot cure fails with the cause.
 */
class CorruptStateTest {
  private static final List<String> STORES = List.of("p/s");
  private static final Random RANDOM = new Random(26);
  @TempDir Path dir;

  @Test
  void aTruncatedSstFileIsDetectedAndTheStateWiped() throws Exception {
    writeAndFlush();
    Path sst = files(".sst").get(0);
    try (FileChannel f = FileChannel.open(sst, StandardOpenOption.WRITE)) {
      f.truncate(f.size() / 2);
    }
    assertWipedOnOpen();
  }

  @Test
  void aMissingSstFileIsDetectedAndTheStateWiped() throws Exception {
    writeAndFlush();
    Files.delete(files(".sst").get(0));
    assertWipedOnOpen();
  }

  @Test
  void garbageInTheManifestIsDetectedAndTheStateWiped() throws Exception {
    writeAndFlush();
    Path manifest = files("").stream()
        .filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
    Files.write(manifest, "garbage, not a manifest".repeat(50).getBytes());
    assertWipedOnOpen();
  }

  @Test
  void garbageInCurrentIsDetectedAndTheStateWiped() throws Exception {
    writeAndFlush();
    Files.writeString(dir.resolve("rocksdb/CURRENT"), "\u0000\u0001garbage");
    assertWipedOnOpen();
  }

  @Test
  void corruptionFoundWhileRunningMarksTheDirectoryAndTheNextOpenWipes() throws Exception {
    writeAndFlush();
    CorruptState.mark(dir, new IllegalStateException("Corruption: block checksum mismatch"));
    assertWipedOnOpen();
    assertThat(dir.resolve(CorruptState.MARKER)).doesNotExist();
  }

  @Test
  void corruptionMetByAScanMarksTheDirectoryInsteadOfEndingTheScanEarly() throws Exception {
    writeAndFlush();
    Path sst = files(".sst").get(0);
    try (FileChannel f = FileChannel.open(sst, StandardOpenOption.WRITE)) {
      // the middle of the data blocks: the file keeps its size, so opening does not notice
      f.write(ByteBuffer.wrap("garbage, not a data block".repeat(8).getBytes()), f.size() / 3);
    }
    try (StateEnvironment env = open()) {
      StoreScan.SliceSource none = (from, to) -> List.of();
      assertThatThrownBy(() -> StoreScan.merge(env, env.family("p/s"), new byte[4], null, null,
          Integer.MAX_VALUE, none, none))
          .as("a range scan, a TTL sweep or a timer scan meets the damaged block")
          .isInstanceOf(StateException.class).hasMessageContaining("corrupt");
      assertThat(dir.resolve(CorruptState.MARKER)).as("the next start wipes").exists();
    }
    assertWipedOnOpen();
  }

  @Test
  void aStateDirectoryThatCannotBeWrittenFailsWithThePropertyToCheck() throws Exception {
    writeAndFlush();
    Path db = dir.resolve("rocksdb");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(Files.isWritable(db), "running as root: permissions not enforced");
      assertThatThrownBy(this::open).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining("rivulet.state-dir");
      assertThat(files(".sst")).as("nothing wiped").isNotEmpty();
    } finally {
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aReadOnlyStateDiskFailsWithThePropertyToCheckEvenForRoot() throws Exception {
    Path mountPoint = Files.createDirectories(dir.resolve("disk"));
    try (SmallDisk disk = SmallDisk.mount(mountPoint, "64m")) {
      Path state = disk.root().resolve("state");
      new StateEnvironment(state, STORES, 1 << 20, 1 << 20).close();
      disk.remount("ro");
      try {
        assertThatThrownBy(() -> new StateEnvironment(state, STORES, 1 << 20, 1 << 20))
            .isInstanceOf(RivuletConfigException.class).hasMessageContaining("rivulet.state-dir")
            .hasMessageContaining("Read-only file system");
      } finally {
        disk.remount("rw");
      }
      assertThat(state.resolve("rocksdb/CURRENT")).as("nothing wiped").exists();
    }
  }

  @Test
  void aStateDirectoryRocksDbCannotUseFailsWithoutAWipe() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("rocksdb"), "a file where the database directory belongs");
    assertThatThrownBy(this::open).isInstanceOf(RivuletConfigException.class)
        .hasMessageContaining("rivulet.state-dir");
    assertThat(dir.resolve("rocksdb")).isRegularFile();
    Files.delete(dir.resolve("rocksdb"));
    try (StateEnvironment env = open()) {
      assertThat(env.instanceId()).as("the failed open released the directory's lock").isNotEmpty();
    }
  }

  private void assertWipedOnOpen() throws Exception {
    try (StateEnvironment env = open()) {
      assertThat(env.get(env.family("p/s"), key(1))).as("wiped: restores from the changelog")
          .isNull();
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(env.family("p/s"), key(2), new byte[] {2});
        env.write(batch, true);
      }
    }
    try (StateEnvironment env = open()) {
      assertThat(env.get(env.family("p/s"), key(2))).as("usable after the wipe").isNotNull();
    }
  }

  private void writeAndFlush() throws Exception {
    try (StateEnvironment env = open()) {
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < 1_000; i++) {
          batch.put(env.family("p/s"), key(i), randomBytes(100));
        }
        env.write(batch, true);
      }
      env.flush(List.of(env.family("p/s")));
      assertThat(env.get(env.family("p/s"), key(1))).isNotNull();
    }
  }

  private StateEnvironment open() {
    return new StateEnvironment(dir, STORES, 1 << 20, 1 << 20);
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("rocksdb"))) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes); // incompressible: the SST keeps many data blocks
    return bytes;
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(8).putInt(0).putInt(i).array();
  }
}
