package dev.rivulet.internal.state;

import static dev.rivulet.internal.state.StoreFixtures.b;
import static dev.rivulet.internal.state.StoreFixtures.s;
import static dev.rivulet.internal.state.StoreFixtures.sink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * A task's state manager: its stores' writes, the consumed input positions and the watermark
 * reach RocksDB together, only through a sealed transaction that was applied; what was not
 * applied is gone after a discard or a reopen.
 */
class StateManagerTest {
  private static final ProcessorDefinition<String, String, String> PROC = ProcessorDefinition
      .<String, String, String>builder("proc", (v, ctx) -> { })
      .keyType(String.class).input("in", String.class)
      .state(StateSpec.value("counts", Long.class)).build();

  @TempDir Path dir;

  private StateEnvironment open() {
    return new StateEnvironment(dir, List.of(StoreNames.storeId("proc", "counts"),
        StoreNames.storeId("proc", StoreNames.TIMER_STORE)), 1 << 20, 1 << 20);
  }

  private static StateManager task(StateEnvironment env) {
    return StateManager.forTask(env, "app", PROC, 2, new RowCache(1 << 20), () -> 0L);
  }

  /** Prepares, seals and applies one commit, as the commit cycle does after Kafka committed. */
  private static void commit(StateEnvironment env, StateManager state, long watermark,
      List<String> changelog) {
    state.prepareCommit(sink(changelog, 100), watermark);
    List<SealedWrites> sealed = state.seal();
    try (WriteBatch batch = new WriteBatch()) {
      sealed.forEach(w -> w.stageInto(batch));
      env.write(batch, true);
    }
    state.sealApplied(1234);
  }

  @Test
  void positionsAndWatermarkCommitWithTheStateAndOutliveTheTask() {
    try (StateEnvironment env = open()) {
      StateManager state = task(env);
      state.store("counts").put(b("k"), b("1"));
      state.consumed("in", 5);
      assertThat(state.consumedOffsets())
          .containsOnlyKeys(new TopicPartition("in", 2));
      List<String> changelog = new ArrayList<>();
      commit(env, state, 1_000, changelog);

      assertThat(changelog).anyMatch(r -> r.startsWith("k="));
      assertThat(state.consumedOffsets()).isEmpty();
      assertThat(state.lastCommitMillis()).isEqualTo(1234);
      state.close();

      StateManager reader = StateManager.readView(env, "app", PROC, 2, () -> 0L);
      assertThat(s(reader.store("counts").get(b("k")))).isEqualTo("1");
      assertThat(reader.position("in")).isEqualTo(5);
      assertThat(reader.restoredWatermark()).isEqualTo(1_000);
      assertThat(StateManager.checkpointSum(env, "app", PROC, 2)).isPositive();
      assertThat(StateManager.checkpointSum(env, "app", PROC, 3)).isEqualTo(-1);
    }
  }

  @Test
  void aDiscardDropsWritesPositionsAndTheWatermarkOfTheOpenTransaction() {
    try (StateEnvironment env = open()) {
      StateManager state = task(env);
      state.store("counts").put(b("k"), b("1"));
      state.consumed("in", 5);
      commit(env, state, 1_000, new ArrayList<>());

      state.store("counts").put(b("k"), b("2"));
      state.consumed("in", 9);
      state.prepareCommit(sink(new ArrayList<>(), 200), 2_000);
      state.seal(); // the Kafka commit failed: never applied
      state.discard();

      assertThat(state.consumedOffsets()).isEmpty();
      assertThat(s(state.store("counts").get(b("k")))).isEqualTo("1");
      assertThat(state.position("in")).isEqualTo(5);
      assertThat(state.restoredWatermark()).isEqualTo(1_000);
    }
  }

  @Test
  void aRecordsWritesRollBackToTheMarkAcrossEveryStore() {
    try (StateEnvironment env = open()) {
      StateManager state = task(env);
      state.store("counts").put(b("a"), b("1"));
      state.mark();
      state.store("counts").put(b("a"), b("2"));
      state.timerStore().put(b("t"), b("x"));
      state.rollbackToMark();

      assertThat(s(state.store("counts").get(b("a")))).isEqualTo("1");
      assertThat(state.timerStore().get(b("t"))).isNull();
      assertThat(state.allStores()).hasSize(2);
      assertThat(state.stores()).containsOnlyKeys("counts");
    }
  }

  @Test
  void aTransactionSealedButNeverAppliedIsNotInRocksDb() {
    try (StateEnvironment env = open()) {
      StateManager state = task(env);
      state.store("counts").put(b("k"), b("1"));
      state.consumed("in", 3);
      state.prepareCommit(sink(new ArrayList<>(), 0), 500);
      state.seal(); // a crash between the Kafka commit and the RocksDB write

      StateManager reader = StateManager.readView(env, "app", PROC, 2, () -> 0L);
      assertThat(reader.store("counts").get(b("k"))).isNull();
      assertThat(reader.position("in")).isEqualTo(-1);
      assertThat(reader.restoredWatermark()).isEqualTo(Long.MIN_VALUE);
    }
  }
}
