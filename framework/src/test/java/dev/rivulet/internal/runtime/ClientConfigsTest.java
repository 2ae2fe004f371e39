package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {
  private static final ReplicaAssignment REPLICAS =
      new ReplicaAssignment(() -> new MemberData.Subscription(null, null, java.util.Map.of()));

  private static RivuletBuilder builder() {
    ProcessorDefinition<String, String, String> d = ProcessorDefinition
        .<String, String, String>builder("p", (value, ctx) -> ctx.emit(value))
        .keySerde(RivuletSerdes.string()).input("in", RivuletSerdes.string())
        .output("out", RivuletSerdes.string())
        .state(StateSpec.value("s", String.class)).build();
    return Rivulet.builder().applicationId("app").bootstrapServers("localhost:9092").processor(d);
  }

  @Test
  void sessionTimeoutIsTheUsersForTheConsumerOrTheConsumersDefault() {
    assertThat(new ClientConfigs(builder().config()).sessionTimeout())
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(new ClientConfigs(builder().kafkaProperty("session.timeout.ms", "6000")
        .consumerProperties(Map.of("session.timeout.ms", 8_000)).config()).sessionTimeout())
        .isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void consumersNeverAutoCreateTopicsEvenIfAsked() {
    RivuletConfig config = builder().kafkaProperty("allow.auto.create.topics", "true").config();
    ClientConfigs clients = new ClientConfigs(config);
    assertThat(clients.mainConsumer(0, new InstanceDirectory(null), REPLICAS, null))
        .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    assertThat(clients.restoreConsumer(0))
        .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
  }

  @Test
  void staticMembershipGivesEachThreadItsOwnInstanceId() {
    ClientConfigs clients = new ClientConfigs(builder().instanceId("pod-0").threads(2).config());
    assertThat(clients.mainConsumer(0, new InstanceDirectory(null), REPLICAS, null))
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "pod-0-0");
    assertThat(clients.mainConsumer(1, new InstanceDirectory(null), REPLICAS, null))
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "pod-0-1");
    assertThat(clients.restoreConsumer(0)).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  @Test
  void dynamicMembershipByDefaultAndUserPropertyCannotTurnItOn() {
    Map<String, Object> consumer = new ClientConfigs(
        builder().kafkaProperty("group.instance.id", "shared").config())
        .mainConsumer(0, new InstanceDirectory(null), REPLICAS, null);
    assertThat(consumer).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  @Test
  void roleSpecificPropertiesApplyToTheirRoleOnlyAndCannotBreakExactlyOnce() {
    ClientConfigs clients = new ClientConfigs(builder()
        .kafkaProperty("max.poll.records", 10)
        .consumerProperties(Map.of("max.poll.records", 20, "isolation.level", "read_uncommitted",
            "fetch.min.bytes", 4096))
        .producerProperties(Map.of("compression.type", "zstd", "transactional.id", "mine"))
        .config());
    assertThat(clients.mainConsumer(0, new InstanceDirectory(null), REPLICAS, null))
        .containsEntry("max.poll.records", 20)
        .containsEntry("fetch.min.bytes", 4096)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .doesNotContainKey("compression.type");
    assertThat(clients.restoreConsumer(0)).containsEntry("fetch.min.bytes", 4096);
    assertThat(clients.producer(0, "i")).containsEntry("compression.type", "zstd")
        .containsEntry("transactional.id", "app-i-0").doesNotContainKey("fetch.min.bytes");
  }
}
