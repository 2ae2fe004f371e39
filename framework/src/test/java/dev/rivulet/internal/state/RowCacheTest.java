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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** The worker's row cache and its hash table, under the task stores that read through them. */
class RowCacheTest {
  @TempDir Path dir;

  private StateEnvironment open() {
    return StoreFixtures.open(dir);
  }

  @Test
  void rowCacheServesCommittedRowsOnlyAndForgetsWipedOrRestoredOnes() {
    try (StateEnvironment env = open()) {
      RowCache cache = new RowCache(1 << 20);
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG, cache);
      TaskStore direct = new TaskStore(env, ID, "store", CHANGELOG);
      assertThat(store.get(b("a"))).isNull(); // absence cached
      store.put(b("a"), b("1"));
      store.sendChangelog(sink(new ArrayList<>(), 0));
      commit(env, store);
      long missesBefore = cache.misses();
      assertThat(s(store.get(b("a")))).isEqualTo("1");
      assertThat(cache.misses()).isEqualTo(missesBefore); // served by the cache, committed value
      // an aborted write never reaches the cache
      store.put(b("a"), b("uncommitted"));
      store.discard();
      assertThat(s(store.get(b("a")))).isEqualTo("1");
      // a delete caches absence
      store.delete(b("a"));
      store.sendChangelog(sink(new ArrayList<>(), 1));
      commit(env, store);
      assertThat(store.get(b("a"))).isNull();
      assertThat(direct.get(b("a"))).isNull();
      // a restore writes behind the cache's back: the store must not serve what it cached
      try (WriteBatch batch = new WriteBatch()) {
        List<byte[][]> restored = new ArrayList<>();
        restored.add(new byte[][] {b("a"), b("restored")});
        store.restoreTo(batch, restored, 10);
        env.write(batch, true);
      }
      assertThat(s(store.get(b("a")))).isEqualTo("restored");
      try (WriteBatch batch = new WriteBatch()) {
        store.wipe(batch);
        env.write(batch, true);
      }
      assertThat(store.get(b("a"))).isNull();
    }
  }

  @Test
  void rowCacheStaysWithinItsBudgetAndEvictsTheRowCachedLongestAgo() {
    try (StateEnvironment env = open()) {
      RowCache cache = new RowCache(64 * 1024);
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG, cache);
      for (int i = 0; i < 1_000; i++) {
        store.put(b("key-" + i), new byte[100]);
      }
      assertThat(cache.usedBytes()).isZero(); // the write set is not part of the cache
      store.sendChangelog(sink(new ArrayList<>(), 0));
      commit(env, store);
      assertThat(cache.usedBytes()).isLessThanOrEqualTo(64 * 1024).isGreaterThan(32 * 1024);
      long misses = cache.misses();
      assertThat(store.get(b("key-999"))).hasSize(100); // committed last: still cached
      assertThat(cache.misses()).isEqualTo(misses);
      assertThat(store.get(b("key-0"))).hasSize(100); // evicted: read from RocksDB
      assertThat(cache.misses()).isEqualTo(misses + 1);
      for (int i = 0; i < 10_000; i++) {
        store.get(b("absent-" + i)); // absence is cached within the same budget
      }
      assertThat(cache.usedBytes()).isLessThanOrEqualTo(64 * 1024);
      store.put(b("key-999"), new byte[10]);
      assertThat(cache.usedBytes()).isLessThanOrEqualTo(64 * 1024);
      store.discard();
      assertThat(store.get(b("key-999"))).hasSize(100);
    }
  }

  @Test
  void aClosedStoreGivesItsCachedRowsBackAndKeepsItsCommittedState() {
    try (StateEnvironment env = open()) {
      RowCache cache = new RowCache(1 << 20);
      TaskStore closing = new TaskStore(env, ID, "store", CHANGELOG, cache);
      for (int i = 0; i < 100; i++) {
        closing.put(b("key-" + i), new byte[100]);
      }
      closing.sendChangelog(sink(new ArrayList<>(), 0));
      commit(env, closing);
      closing.put(b("uncommitted"), b("x"));
      assertThat(cache.usedBytes()).isGreaterThan(100 * 100);
      closing.close();
      assertThat(cache.usedBytes()).isZero();
      TaskStore reopened = new TaskStore(env, ID, "store", CHANGELOG, cache);
      assertThat(reopened.get(b("key-7"))).hasSize(100);
      assertThat(reopened.get(b("uncommitted"))).isNull();
      assertThat(reopened.checkpoint().nextOffset()).isEqualTo(100);
    }
  }

  @Test
  void rowCacheGivesUsedRowsASecondChanceAndNeverEvictsTheOpenWriteSet() {
    try (StateEnvironment env = open()) {
      RowCache cache = new RowCache(64 * 1024);
      TaskStore store = new TaskStore(env, ID, "store", CHANGELOG, cache);
      store.put(b("hot"), new byte[100]);
      store.sendChangelog(sink(new ArrayList<>(), 0));
      commit(env, store); // the oldest row of the cache
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 100; i++) {
          store.put(b("cold-" + round + "-" + i), new byte[100]);
        }
        long before = cache.misses();
        assertThat(store.get(b("hot"))).hasSize(100); // read in every transaction: never evicted
        assertThat(cache.misses()).isEqualTo(before);
        store.sendChangelog(sink(new ArrayList<>(), 1 + round));
        commit(env, store);
      }
      assertThat(cache.usedBytes()).isLessThanOrEqualTo(64 * 1024);
      long misses = cache.misses();
      assertThat(store.get(b("hot"))).hasSize(100); // still cached
      assertThat(cache.misses()).isEqualTo(misses);
      assertThat(store.get(b("cold-0-0"))).hasSize(100); // never used again: evicted
      assertThat(cache.misses()).isEqualTo(misses + 1);

      // cached rows written in the open transaction, then heavy eviction pressure
      for (int i = 0; i < 100; i++) {
        store.put(b("cold-9-" + i), new byte[] {7});
      }
      for (int i = 0; i < 10_000; i++) {
        store.get(b("absent-" + i));
      }
      for (int i = 0; i < 100; i++) {
        assertThat(store.get(b("cold-9-" + i))).containsExactly(7); // the write set stayed
      }
      store.sendChangelog(sink(new ArrayList<>(), 20));
      commit(env, store);
      TaskStore direct = new TaskStore(env, ID, "store", CHANGELOG);
      assertThat(direct.get(b("cold-9-42"))).containsExactly(7);
      assertThat(cache.usedBytes()).isLessThanOrEqualTo(64 * 1024);
    }
  }

  @Test
  void rowTableFindsEveryRowAfterRandomInsertsAndRemoves() {
    RowTable table = new RowTable();
    java.util.Map<String, Row> expected = new java.util.HashMap<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 50_000; i++) {
      String k = "k" + random.nextInt(5_000);
      byte[] key = b(k);
      Row found = table.find(key, RowTable.hash(key));
      assertThat(found).isSameAs(expected.get(k));
      if (found == null) {
        expected.put(k, table.add(key, RowTable.hash(key)));
      } else if (random.nextBoolean()) {
        table.remove(found);
        expected.remove(k);
      }
    }
    assertThat(table.size()).isEqualTo(expected.size());
    expected.forEach((k, row) -> assertThat(table.find(b(k), RowTable.hash(b(k)))).isSameAs(row));
  }
}
