package dev.rivulet.internal.state;

import static dev.rivulet.internal.state.StoreFixtures.CHANGELOG;
import static dev.rivulet.internal.state.StoreFixtures.ID;
import static dev.rivulet.internal.state.StoreFixtures.b;
import static dev.rivulet.internal.state.StoreFixtures.commit;
import static dev.rivulet.internal.state.StoreFixtures.keys;
import static dev.rivulet.internal.state.StoreFixtures.s;
import static dev.rivulet.internal.state.StoreFixtures.sink;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * A sealed transaction (its commit under way while the worker writes the next one): readable and
 * scannable from the heap until RocksDB has it, forgotten if its commit fails.
 */
class SealedTransactionTest {
  @TempDir Path dir;

  private StateEnvironment open() {
    return StoreFixtures.open(dir);
  }

  @Test
  void sealedWritesStayReadableAndScannableUntilRocksDbHasThem() {
    List<String> sent = new ArrayList<>();
    try (StateEnvironment env = open()) {
      // a cache far too small for the rows: only pinning keeps sealed rows on the heap
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG, new RowCache(64));
      store.put(b("a"), b("old"));
      store.sendChangelog(sink(sent, 0));
      commit(env, store);
      store.put(b("a"), b("1"));
      store.put(b("b"), b("2"));
      store.delete(b("c"));
      store.sendChangelog(sink(new ArrayList<>(), 10)); // offsets 10, 11, 12
      SealedWrites sealed = store.seal();
      assertThat(sealed.size()).isEqualTo(3);
      // the next transaction writes on top of the sealed one before RocksDB has it
      store.put(b("d"), b("4"));
      store.delete(b("b"));
      TaskStore rocksView = new TaskStore(env, ID, "store", CHANGELOG);
      assertThat(s(rocksView.get(b("a")))).isEqualTo("old");
      assertThat(rocksView.get(b("b"))).isNull();
      assertThat(s(store.get(b("a")))).isEqualTo("1");
      assertThat(store.get(b("b"))).isNull();
      assertThat(keys(store.scan(null, null))).containsExactly("a=1", "d=4");
      // undoing the open transaction's write brings the sealed value back, not RocksDB's
      store.mark();
      store.put(b("a"), b("undone"));
      store.rollbackToMark();
      assertThat(s(store.get(b("a")))).isEqualTo("1");

      try (WriteBatch batch = new WriteBatch()) {
        sealed.stageInto(batch);
        env.write(batch, true);
      }
      store.sealedApplied();
      assertThat(s(rocksView.get(b("a")))).isEqualTo("1");
      assertThat(s(rocksView.get(b("b")))).isEqualTo("2");
      assertThat(store.checkpoint().nextOffset()).isEqualTo(13); // last sent 12, plus one
      assertThat(keys(store.scan(null, null))).containsExactly("a=1", "d=4");
    }
  }

  @Test
  void discardingASealedTransactionFallsBackToRocksDb() {
    List<String> sent = new ArrayList<>();
    try (StateEnvironment env = open()) {
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG, new RowCache(1 << 20));
      store.put(b("a"), b("committed"));
      store.sendChangelog(sink(sent, 0));
      commit(env, store);
      store.put(b("a"), b("sealed"));
      store.put(b("b"), b("sealed"));
      store.sendChangelog(sink(sent, 5));
      store.seal(); // its commit fails: never staged
      store.put(b("a"), b("next"));
      store.discard();
      assertThat(s(store.get(b("a")))).isEqualTo("committed");
      assertThat(store.get(b("b"))).isNull();
      assertThat(keys(store.scan(null, null))).containsExactly("a=committed");
      assertThat(store.checkpoint().nextOffset()).isEqualTo(1);
      store.seal(); // nothing sealed any more: a new transaction may seal
    }
  }
}
