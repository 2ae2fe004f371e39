package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.InstanceInfo;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of one application over 8 partitions: each learns, through the group
 * assignment, which advertised URL owns which partition; every key's owner is the same from
 * every instance and is the one instance that serves its committed state; every store kind reads
 * back what was processed; a caller that knows its record's offset reads its own write.
 */
class RoutedQueriesIT {
  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);
  static final MapStateSpec<String, Long> BY_VALUE = StateSpec.map("by-value", String.class,
      Long.class);
  static final ListStateSpec<String> SEEN = StateSpec.list("seen", String.class);
  static final KeyValueStoreSpec<String, Long> LATEST = StateSpec.keyValue("latest",
      RivuletSerdes.string(), RivuletSerdes.json(Long.class));

  @TempDir Path stateA;
  @TempDir Path stateB;
  @TempDir Path stateC;

  /** Keeps one key's records in every store kind. */
  static final class Keeper implements KeyedProcessor<String, String, Long> {
    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {
      long count = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(count);
      Long byValue = ctx.state(BY_VALUE).get(value);
      ctx.state(BY_VALUE).put(value, byValue == null ? 1 : byValue + 1);
      ctx.state(SEEN).add(value);
      ctx.store(LATEST).put(ctx.key(), count);
    }
  }

  @Test
  void everyInstanceKnowsEveryKeysOwnerAndTheOwnerServesCommittedState() throws Exception {
    String in = TestBroker.unique("rq-in");
    String app = TestBroker.unique("rq");
    TestBroker.createTopics(8, in);
    List<Rivulet> instances = new ArrayList<>();
    Path[] dirs = {stateA, stateB, stateC};
    try {
      for (int i = 0; i < 3; i++) {
        ProcessorDefinition<String, String, Long> d = ProcessorDefinition
            .<String, String, Long>builder("keeper", new Keeper())
            .keyType(String.class).input(in, String.class)
            .state(COUNT, BY_VALUE, SEEN, LATEST).build();
        Rivulet r = RuntimeHarness.builder(app, dirs[i], d)
            .advertisedUrl("http://instance-" + i + ":8080").build();
        r.start();
        instances.add(r);
      }
      await().atMost(Duration.ofSeconds(90)).until(() -> instances.stream().allMatch(r ->
          r.allTasksRunning() && r.instances().size() == 3
              && coveredPartitions(r.instances()).size() == 8)
          && instances.stream().mapToInt(r -> r.tasks().size()).sum() == 8);

      List<ProducerRecord<String, String>> records = new ArrayList<>();
      Map<String, Long> expectedCounts = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        String key = "k" + (i % 40);
        records.add(new ProducerRecord<>(in, key, "v" + (i % 3)));
        expectedCounts.merge(key, 1L, Long::sum);
      }
      TestBroker.produce(in, records);

      for (Rivulet asker : instances) {
        for (InstanceInfo info : asker.instances()) {
          assertThat(info.local()).isEqualTo(info.url().equals(asker.advertisedUrl().orElseThrow()));
        }
      }
      for (String key : expectedCounts.keySet()) {
        KeyLocation first = instances.get(0).locate("keeper", key);
        for (Rivulet asker : instances) {
          assertThat(asker.locate("keeper", key)).satisfies(loc -> {
            assertThat(loc.partition()).isEqualTo(first.partition());
            assertThat(loc.ownerUrl()).isEqualTo(first.ownerUrl());
          });
        }
        Rivulet owner = instances.stream()
            .filter(r -> r.advertisedUrl().orElseThrow().equals(first.ownerUrl()))
            .findFirst().orElseThrow();
        for (Rivulet other : instances) {
          assertThat(other.<String>committedState("keeper", first.partition()).isPresent())
              .as("only the owner serves partition %d", first.partition())
              .isEqualTo(other == owner);
        }
        long expected = expectedCounts.get(key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          CommittedState<String> state = owner.<String>committedState("keeper", first.partition())
              .orElseThrow();
          assertThat(state.value(COUNT, key)).isEqualTo(expected);
          assertThat(state.map(BY_VALUE, key).values().stream().mapToLong(Long::longValue).sum())
              .isEqualTo(expected);
          assertThat(state.list(SEEN, key)).hasSize((int) expected);
          assertThat(state.get(LATEST, key)).isEqualTo(expected);
          assertThat(state.position().get(in)).isPositive();
        });
      }
    } finally {
      instances.forEach(Rivulet::close);
    }
  }

  @Test
  void aCallerReadsItsOwnWriteByPosition() throws Exception {
    String in = TestBroker.unique("ryw-in");
    String app = TestBroker.unique("ryw");
    TestBroker.createTopics(2, in);
    ProcessorDefinition<String, String, Long> d = ProcessorDefinition
        .<String, String, Long>builder("keeper", new Keeper())
        .keyType(String.class).input(in, String.class)
        .state(COUNT, BY_VALUE, SEEN, LATEST).build();
    try (Rivulet r = RuntimeHarness.builder(app, stateA, d)
        .commitInterval(Duration.ofMillis(300)).build();
        KafkaProducer<String, String> producer = TestBroker.producer()) {
      r.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> r.allTasksRunning()
          && r.tasks().size() == 2);
      int partition = r.partitionFor("keeper", "me");
      assertThatThrownBy(() -> r.awaitPosition("keeper", partition, Map.of("nope", 1L),
          Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
      for (long n = 1; n <= 5; n++) {
        RecordMetadata written = producer.send(new ProducerRecord<>(in, "me", "x")).get();
        assertThat(r.awaitPosition("keeper", written.partition(),
            Map.of(in, written.offset() + 1), Duration.ofSeconds(10))).isTrue();
        // read right after the wait, with no other delay: the write must be there
        Optional<CommittedState<String>> state = r.committedState("keeper", written.partition());
        assertThat(state).isPresent();
        assertThat(state.get().position().get(in)).isGreaterThan(written.offset());
        assertThat(state.get().value(COUNT, "me")).isEqualTo(n);
      }
      // a position nobody reaches times out instead of answering stale
      assertThat(r.awaitPosition("keeper", partition, Map.of(in, 1_000_000L),
          Duration.ofMillis(300))).isFalse();
    }
  }

  private static Set<Integer> coveredPartitions(List<InstanceInfo> infos) {
    Set<Integer> all = new TreeSet<>();
    infos.forEach(i -> all.addAll(i.partitions()));
    return all;
  }
}
