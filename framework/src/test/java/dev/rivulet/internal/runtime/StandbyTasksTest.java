package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.task.TaskId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which replicas a worker keeps. The assignment's partition groups span every input topic, so a
 * group can exist for which a processor with fewer input partitions has no task: a replica of
 * such a task would wait forever for a changelog partition that does not exist (seen in the chaos
 * suite: the warm-up it belonged to never finished and the group probed every few seconds).
 */
class StandbyTasksTest {
  private static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

  /** Counts per key. */
  static final class Count implements KeyedProcessor<String, String, Long> {
    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {
      ctx.state(COUNT).put(ctx.state(COUNT).getOrDefault(0L) + 1);
    }
  }

  @Test
  void replicasOnlyOfTasksThatExist(@TempDir Path dir) {
    ProcessorDefinition<String, String, Long> wide = definition("wide", "in");
    ProcessorDefinition<String, String, Long> narrow = definition("narrow", "regrouped");
    RivuletConfig config = Rivulet.builder().applicationId("app").bootstrapServers("unused:9092")
        .guarantee(ProcessingGuarantee.EXACTLY_ONCE).stateDir(dir).memory(1 << 20, 1 << 20)
        .stateCache(1 << 20).startupTimeout(Duration.ofSeconds(10)).createTopics(false)
        .replicationFactor((short) 1).processor(wide).processor(narrow).config();
    List<String> storeIds = new ArrayList<>();
    for (ProcessorDefinition<?, ?, ?> d : List.of(wide, narrow)) {
      StoreNames.storeNames(d).forEach(s -> storeIds.add(StoreNames.storeId(d.id(), s)));
    }
    Map<String, Integer> partitions = new ConcurrentHashMap<>();
    try (StateEnvironment env = new StateEnvironment(dir.resolve("state"), storeIds, 1 << 20,
        1 << 20)) {
      StandbyTasks standbys = new StandbyTasks(new MockConsumer<>("earliest"), env, config,
          new ActiveClaims(), partitions);
      assertThat(standbys.ready()).as("partition counts unknown before the topic checks").isFalse();

      partitions.putAll(Map.of("wide", 6, "narrow", 4));
      assertThat(standbys.ready()).isTrue();
      standbys.reconcile(Set.of(2, 4, 5));
      assertThat(ids(standbys)).containsExactlyInAnyOrder(
          new TaskId("wide", 2), new TaskId("wide", 4), new TaskId("wide", 5),
          new TaskId("narrow", 2));

      standbys.reconcile(Set.of(3));
      assertThat(ids(standbys)).containsExactlyInAnyOrder(
          new TaskId("wide", 3), new TaskId("narrow", 3));
      standbys.removeAll(ids(standbys));
      assertThat(ids(standbys)).isEmpty();
    }
  }

  private static Set<TaskId> ids(StandbyTasks standbys) {
    return standbys.infos().stream().map(r -> r.id).collect(Collectors.toSet());
  }

  private static ProcessorDefinition<String, String, Long> definition(String id, String input) {
    return ProcessorDefinition.builder(id, new Count()).keySerde(RivuletSerdes.string())
        .input(input, RivuletSerdes.string()).output(id + "-out", RivuletSerdes.json(Long.class))
        .state(COUNT).build();
  }
}
