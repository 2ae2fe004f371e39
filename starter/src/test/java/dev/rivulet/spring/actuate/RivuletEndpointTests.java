package dev.rivulet.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.actuate.RivuletEndpoint.ProcessorAction;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistration;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class RivuletEndpointTests {

  record Card(String number, String bank) {}

  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class)
      .ttl(Duration.ofHours(1));

  private final FakeRivulet rivulet = new FakeRivulet();
  private RivuletEndpoint endpoint;

  @BeforeEach
  void setUp() {
    KeyedProcessor<String, String, Long> counter = (v, ctx) -> {};
    rivulet.processors.add(ProcessorDefinition.builder("counter", counter).keyType(String.class)
        .input("words", String.class).output("counts", Long.class)
        .output(Output.of("audit-topic", String.class))
        .state(COUNT, StateSpec.list("history", String.class))
        .errorPolicy(ErrorPolicy.DEAD_LETTER).build());
    KeyedProcessor<Long, String, Void> byId = (v, ctx) -> {};
    rivulet.processors.add(ProcessorDefinition.builder("by-id", byId).keyType(Long.class)
        .input("events", String.class).state(COUNT).build());
    KeyedProcessor<Card, String, Void> byCard = (v, ctx) -> {};
    rivulet.processors.add(ProcessorDefinition.builder("by-card", byCard).keyType(Card.class)
        .input("cards", String.class).state(COUNT).build());
    rivulet.tasks = List.of(
        new TaskInfo("counter", 0, "worker-0", TaskState.RUNNING, 5, 0, 7, 1_000, 2_000),
        new TaskInfo("counter", 1, "worker-0", TaskState.RESTORING, 3, 9, -1, Long.MIN_VALUE, 0),
        new TaskInfo("by-id", 0, "worker-1", TaskState.PAUSED, 0, 0, 0, Long.MIN_VALUE, 0),
        new TaskInfo("by-card", 0, "worker-1", TaskState.RUNNING, 0, 0, 0, Long.MIN_VALUE, 0));
    endpoint = new RivuletEndpoint(rivulet, new StreamProcessorRegistry(List.of(
        new StreamProcessorRegistration("counterBean", rivulet.processors.get(0), String.class),
        new StreamProcessorRegistration("byIdBean", rivulet.processors.get(1), Long.class),
        new StreamProcessorRegistration("byCardBean", rivulet.processors.get(2), Card.class))));
  }

  @Test
  void describesRuntimeTasksAndProcessors() {
    RivuletDescriptor d = endpoint.rivulet();
    assertThat(d.applicationId()).isEqualTo("fake-app");
    assertThat(d.state()).isEqualTo(RuntimeState.RUNNING);
    assertThat(d.threads()).isEqualTo(2);
    assertThat(d.tasks()).hasSize(4);
    TaskDescriptor running = d.tasks().get(0);
    assertThat(running.lag()).isEqualTo(7);
    assertThat(running.watermark()).isEqualTo(1_000L);
    assertThat(running.lastCommit()).isEqualTo(Instant.ofEpochMilli(2_000));
    TaskDescriptor restoring = d.tasks().get(1);
    assertThat(restoring.remainingToRestore()).isEqualTo(9);
    assertThat(restoring.watermark()).isNull();
    assertThat(restoring.lastCommit()).isNull();

    ProcessorDescriptor counter = d.processors().get(0);
    assertThat(counter.inputs()).containsExactly("words");
    assertThat(counter.output()).isEqualTo("counts");
    assertThat(counter.namedOutputs()).containsEntry("audit-topic", "audit-topic");
    assertThat(counter.deadLetterTopic()).isEqualTo("fake-app-counter-dlq");
    assertThat(counter.paused()).isFalse();
    assertThat(counter.stores()).containsExactly(
        new StoreDescriptor("count", "value", "PT1H", "fake-app-counter-count-changelog"),
        new StoreDescriptor("history", "list", null, "fake-app-counter-history-changelog"));
    assertThat(d.processors().get(1).paused()).isTrue();
    assertThat(d.processors().get(1).deadLetterTopic()).isNull();
  }

  @Test
  void queriesALocalKey() {
    rivulet.values.put("apple", 3L);
    StateQueryDescriptor q = endpoint.query("counter", "count", "apple");
    assertThat(q.local()).isTrue();
    assertThat(q.found()).isTrue();
    assertThat(q.value()).isEqualTo(3L);
    assertThat(q.partition()).isZero();
  }

  @Test
  void localKeyWithoutValue() {
    StateQueryDescriptor q = endpoint.query("counter", "count", "pear");
    assertThat(q.local()).isTrue();
    assertThat(q.found()).isFalse();
    assertThat(q.message()).isEqualTo("No value for this key");
  }

  @Test
  void keyOfAPartitionOwnedElsewhereSaysWhichPartition() {
    rivulet.partitions.put("kiwi", 4);
    StateQueryDescriptor q = endpoint.query("counter", "count", "kiwi");
    assertThat(q.local()).isFalse();
    assertThat(q.partition()).isEqualTo(4);
    assertThat(q.message()).contains("Partition 4", "not owned by this instance");
    assertThat(rivulet.calls).noneMatch(c -> c.startsWith("query"));
  }

  @Test
  void keyOfARestoringPartitionIsNotRead() {
    rivulet.partitions.put("fig", 1);
    StateQueryDescriptor q = endpoint.query("counter", "count", "fig");
    assertThat(q.local()).isFalse();
    assertThat(q.message()).contains("still restoring", "9 changelog records");
  }

  @Test
  void keysAreConvertedToTheKeyType() {
    rivulet.values.put(42L, 1L);
    assertThat(endpoint.query("by-id", "count", "42").value()).isEqualTo(1L);
    rivulet.values.put(new Card("4111", "acme"), 2L);
    assertThat(endpoint.query("by-card", "count", "{\"number\":\"4111\",\"bank\":\"acme\"}")
        .value()).isEqualTo(2L);
  }

  @Test
  void unreadableKeyIsABadRequest() {
    assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> endpoint.query("by-card", "count", "not json"))
        .withMessageContaining("Cannot read key 'not json' of processor 'by-card' as Card");
  }

  @Test
  void unknownProcessorOrStoreIsABadRequest() {
    assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> endpoint.query("nope", "count", "a"))
        .withMessageContaining("No processor 'nope'");
    assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> endpoint.query("counter", "nope", "a"))
        .satisfies(e -> assertThat(e.getReason()).contains("stores: [count, history]"));
    assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> endpoint.query("counter", "history", "a"))
        .withMessageContaining("is a ListState; only value stores");
  }

  @Test
  void queryBeforeStartSaysSo() {
    rivulet.started = false;
    rivulet.state = RuntimeState.CREATED;
    assertThat(endpoint.query("counter", "count", "a").message())
        .contains("not started (CREATED)");
  }

  @Test
  void pausesAndResumesAProcessor() {
    endpoint.control("counter", ProcessorAction.PAUSE);
    endpoint.control("counter", ProcessorAction.RESUME);
    assertThat(rivulet.calls).containsExactly("pause counter", "resume counter");
    assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> endpoint.control("nope", ProcessorAction.PAUSE));
  }

  @Test
  void redrivesOnlyToTheProcessorsOwnInputs() {
    assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> endpoint.control("counter", ProcessorAction.REDRIVE, null,
            "someone-elses-topic"))
        .withMessageContaining("Redrive target 'someone-elses-topic' is not an input of "
            + "processor 'counter'; targets: [words]");
    assertThat(rivulet.calls).isEmpty();
  }
}
