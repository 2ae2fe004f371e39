package dev.rivulet.internal.state;

import static dev.rivulet.internal.state.StoreFixtures.CHANGELOG;
import static dev.rivulet.internal.state.StoreFixtures.ID;
import static dev.rivulet.internal.state.StoreFixtures.b;
import static dev.rivulet.internal.state.StoreFixtures.commit;
import static dev.rivulet.internal.state.StoreFixtures.s;
import static dev.rivulet.internal.state.StoreFixtures.sink;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

class TaskStoreTest {
  @TempDir Path dir;

  private StateEnvironment open() {
    return StoreFixtures.open(dir);
  }

  @Test
  void uncommittedWritesAreReadBackButNotInRocksDb() {
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      store.put(b("a"), b("1"));
      assertThat(s(store.get(b("a")))).isEqualTo("1");
      TaskStore otherView = new TaskStore(env, ID, "store", CHANGELOG);
      assertThat(otherView.get(b("a"))).isNull();
      store.discard();
      assertThat(store.get(b("a"))).isNull();
    }
  }

  @Test
  void commitAppliesBufferWithCheckpointAndSurvivesReopen() {
    List<String> sent = new ArrayList<>();
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      store.put(b("a"), b("1"));
      store.put(b("a"), b("2"));
      store.put(b("b"), b("x"));
      store.delete(b("b"));
      store.sendChangelog(sink(sent, 40));
      commit(env, store);
    }
    // one changelog record per dirty key, last write wins, deletes as tombstones
    assertThat(sent).containsExactly("a=2", "b=null");
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      assertThat(s(store.get(b("a")))).isEqualTo("2");
      assertThat(store.get(b("b"))).isNull();
      assertThat(store.checkpoint().nextOffset()).isEqualTo(42);
    }
  }

  @Test
  void newWritesTravelDuringTheIntervalAndTheCommitSendsOnlyWhatTheChangelogLacks() {
    List<String> sent = new ArrayList<>();
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      ChangelogSink changelog = sink(sent, 100);
      store.put(b("a"), b("1"));
      store.put(b("b"), b("1"));
      store.sendNewWrites(changelog);
      assertThat(sent).containsExactly("a=1", "b=1");
      store.sendNewWrites(changelog); // nothing new
      store.put(b("a"), b("2")); // written again: left to the commit
      store.put(b("c"), b("1"));
      store.mark();
      store.put(b("b"), b("2")); // a failed record: undone, but b is sent again to be safe
      store.rollbackToMark();
      store.sendNewWrites(changelog);
      assertThat(sent).containsExactly("a=1", "b=1", "c=1");
      store.delete(b("c"));
      store.sendChangelog(changelog);
      assertThat(sent).containsExactly("a=1", "b=1", "c=1", "a=2", "b=1", "c=null");
      commit(env, store);
      assertThat(store.checkpoint().nextOffset()).isEqualTo(106); // the last send's offset + 1
      store.sendNewWrites(changelog); // a new transaction starts empty
      store.sendChangelog(changelog);
      assertThat(sent).hasSize(6);
    }
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      assertThat(s(store.get(b("a")))).isEqualTo("2");
      assertThat(s(store.get(b("b")))).isEqualTo("1");
      assertThat(store.get(b("c"))).isNull();
    }
  }

  @Test
  void partitionsOfOneStoreAreIsolated() {
    try (StateEnvironment env = open()) {
      TaskStore p3 = new TaskStore(env, ID, "store", CHANGELOG);
      TaskStore p4 = new TaskStore(env, ID, "store", new TopicPartition(CHANGELOG.topic(), 4));
      p3.put(b("k"), b("three"));
      p3.sendChangelog(sink(new ArrayList<>(), 0));
      commit(env, p3);
      assertThat(p4.get(b("k"))).isNull();
      assertThat(p4.scan(null, null)).isEmpty();
      assertThat(p4.checkpoint()).isNull();
    }
  }

  @Test
  void scansMergePendingWritesAndDeletesInKeyOrder() {
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      for (String k : List.of("a1", "a2", "a3", "b1")) {
        store.put(b(k), b("c"));
      }
      store.sendChangelog(sink(new ArrayList<>(), 0));
      commit(env, store);
      store.delete(b("a2"));
      store.put(b("a0"), b("p"));
      store.put(b("a3"), b("p"));
      List<String> keys = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> e : store.prefixScan(b("a"))) {
        keys.add(s(e.getKey()) + ":" + s(e.getValue()));
      }
      assertThat(keys).containsExactly("a0:p", "a1:c", "a3:p");
      assertThat(store.scan(b("a1"), b("b1"))).hasSize(2);
      assertThat(store.scan(null, null)).hasSize(4);
    }
  }

  @Test
  void rollbackUndoesOnlyWritesSinceMark() {
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      store.mark();
      store.put(b("a"), b("1"));
      store.mark();
      store.put(b("a"), b("2"));
      store.put(b("b"), b("2"));
      store.rollbackToMark();
      assertThat(s(store.get(b("a")))).isEqualTo("1");
      assertThat(store.get(b("b"))).isNull();
      assertThat(store.dirtyCount()).isEqualTo(1);
    }
  }

  @Test
  void restoreWritesRecordsAndCheckpointAndWipeRemovesThem() {
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG);
      try (WriteBatch batch = new WriteBatch()) {
        store.restoreTo(batch, List.of(new byte[][] {b("a"), b("1")},
            new byte[][] {b("b"), b("2")}, new byte[][] {b("a"), null}), 17);
        env.write(batch, false);
      }
      assertThat(store.get(b("a"))).isNull();
      assertThat(s(store.get(b("b")))).isEqualTo("2");
      assertThat(store.checkpoint().nextOffset()).isEqualTo(17);
      try (WriteBatch batch = new WriteBatch()) {
        store.wipe(batch);
        env.write(batch, true);
      }
      assertThat(store.get(b("b"))).isNull();
      assertThat(store.checkpoint()).isNull();
    }
  }

  @Test
  void ttlHidesExpiredValuesAndSweepTurnsThemIntoTombstones() {
    long[] now = {1_000};
    try (StateEnvironment env = open()) {
      TaskStore raw = new TaskStore(env, ID, "store", CHANGELOG);
      TtlStore store = new TtlStore(raw, 100, () -> now[0]);
      store.put(b("old"), b("v"));
      now[0] = 1_050;
      store.put(b("new"), b("v"));
      List<String> sent = new ArrayList<>();
      raw.sendChangelog(sink(sent, 0));
      commit(env, raw);
      now[0] = 1_120;
      assertThat(store.get(b("old"))).isNull();
      assertThat(s(store.get(b("new")))).isEqualTo("v");
      assertThat(store.scan(null, null)).hasSize(1);
      assertThat(store.sweep(10)).isEqualTo(1);
      sent.clear();
      raw.sendChangelog(sink(sent, 2));
      commit(env, raw);
      assertThat(sent).containsExactly("old=null");
      assertThat(raw.get(b("old"))).isNull();
    }
  }

  @Test
  void secondInstanceOnSameDirectoryFailsWithClearMessage() {
    try (StateEnvironment env = open()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
          .hasMessageContaining("in use by another Rivulet instance");
    }
  }

  @Test
  void scansSeeUndoneAndRewrittenKeysExactlyAsTheBufferHoldsThem() {
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG, new RowCache(1 << 20));
      store.mark();
      store.put(b("b"), b("1"));
      assertThat(store.scan(null, null)).hasSize(1); // "b" is now in the scan order
      store.mark();
      store.put(b("a"), b("2"));
      store.delete(b("b"));
      store.rollbackToMark(); // "a" was never there, "b" is back
      List<String> keys = new ArrayList<>();
      store.scan(null, null).forEach(e -> keys.add(s(e.getKey()) + ":" + s(e.getValue())));
      assertThat(keys).containsExactly("b:1");
      store.mark();
      store.put(b("a"), b("3"));
      keys.clear();
      store.scan(null, null).forEach(e -> keys.add(s(e.getKey()) + ":" + s(e.getValue())));
      assertThat(keys).containsExactly("a:3", "b:1");
      List<String> sent = new ArrayList<>();
      store.sendChangelog(sink(sent, 0));
      assertThat(sent).containsExactlyInAnyOrder("a=3", "b=1");
    }
  }
}
