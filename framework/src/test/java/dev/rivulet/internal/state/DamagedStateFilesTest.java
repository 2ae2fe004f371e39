package dev.rivulet.internal.state;

import static dev.rivulet.internal.state.StoreFixtures.CHANGELOG;
import static dev.rivulet.internal.state.StoreFixtures.ID;
import static dev.rivulet.internal.state.StoreFixtures.b;
import static dev.rivulet.internal.state.StoreFixtures.open;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * Garbage in the files of a stopped instance's state directory other than RocksDB's data: each is
 * either harmless (the state is kept and trusted), replaced (the instance id), or makes the state
 * untrusted (a checkpoint that does not parse: that store restores in full from its changelog).
 */
class DamagedStateFilesTest {
  @TempDir Path dir;

  @Test
  void garbageInTheOptionsFileKeepsTheState() throws Exception {
    writeRow();
    Path options = rocksDbFile("OPTIONS-");
    Files.writeString(options, "garbage, not an options file\n".repeat(20));
    assertRowKept();
  }

  @Test
  void garbageInTheIdentityFileKeepsTheState() throws Exception {
    writeRow();
    Files.writeString(dir.resolve("rocksdb/IDENTITY"), "\u0000garbage");
    assertRowKept();
  }

  @Test
  void garbageInTheWriteAheadLogKeepsAConsistentState() throws Exception {
    writeRow();
    Path wal = rocksDbFile(".log");
    Files.write(wal, "garbage, not a log record".repeat(40).getBytes(),
        java.nio.file.StandardOpenOption.APPEND);
    assertRowKept();
  }

  @Test
  void garbageInTheLockFileIsHarmless() throws Exception {
    writeRow();
    Files.writeString(dir.resolve(".lock"), "garbage");
    assertRowKept();
  }

  @Test
  void anInstanceIdThatIsNotAUuidIsReplacedAndTheStateKept() throws Exception {
    String id;
    try (StateEnvironment env = open(dir)) {
      id = env.instanceId();
    }
    Files.writeString(dir.resolve("instance.id"), "\u0000\u0001garbage " + "x".repeat(300));
    try (StateEnvironment env = open(dir)) {
      assertThat(env.instanceId()).isNotEqualTo(id).matches("[0-9a-f-]{36}");
      assertThat(Files.readString(dir.resolve("instance.id"))).isEqualTo(env.instanceId());
    }
    assertThat(dir.resolve("instance.id.tmp")).doesNotExist();
  }

  @Test
  void aHalfWrittenInstanceIdIsReplaced() throws Exception {
    try (StateEnvironment env = open(dir)) {
      Files.writeString(dir.resolve("instance.id"), env.instanceId().substring(0, 13));
    }
    try (StateEnvironment env = open(dir)) {
      assertThat(env.instanceId()).hasSize(36);
    }
  }

  @Test
  void aCheckpointThatDoesNotParseRestoresTheStoreInFull() throws Exception {
    try (StateEnvironment env = open(dir)) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(env.family(ID), new byte[] {(byte) 0xFF, 0, 0, 0, 3}, b("garbage"));
        env.write(batch, true);
      }
      TaskStore.Checkpoint cp = store.checkpoint();
      assertThat(cp).as("not trusted: outside any changelog, so the restore starts over")
          .isNotNull();
      assertThat(cp.nextOffset()).isNegative();
    }
  }

  private void writeRow() throws Exception {
    try (StateEnvironment env = open(dir)) {
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(env.family(ID), b("k"), b("v"));
        env.write(batch, true);
      }
    }
  }

  private void assertRowKept() throws Exception {
    try (StateEnvironment env = open(dir)) {
      assertThat(env.get(env.family(ID), b("k"))).as("kept: nothing wiped").isEqualTo(b("v"));
    }
  }

  private Path rocksDbFile(String part) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("rocksdb"))) {
      List<Path> found = files.filter(p -> p.getFileName().toString().contains(part)).sorted()
          .toList();
      assertThat(found).as(part + " in " + dir).isNotEmpty();
      return found.get(found.size() - 1);
    }
  }
}
