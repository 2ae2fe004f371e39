package dev.rivulet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** A broker starts with the single-node settings and the caller's, serves, and leaves nothing. */
class KraftBrokerIT {

  @Test
  void servesWithItsSettingsAndRemovesItsDataOnClose() throws Exception {
    KraftBroker broker = KraftBroker.start(Map.of("log.cleaner.enable", "true",
        "offsets.topic.replication.factor", "1", "log.segment.delete.delay.ms", "1000"));
    Path data = broker.dataDirectory();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      String node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next()
          .idString();
      ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
      Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
          .get(resource);
      assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
      assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
      assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
      assertThat(config.get("log.segment.delete.delay.ms").value()).isEqualTo("1000");
      assertThat(Files.isDirectory(data)).isTrue();
      assertThat(broker.bootstrapServers("plaintext")).isEqualTo(broker.bootstrapServers())
          .startsWith("localhost:").doesNotEndWith(":0");
      assertThatThrownBy(() -> broker.bootstrapServers("SECURE"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONTROLLER");
    } finally {
      broker.close();
    }
    assertThat(data).doesNotExist();
    broker.close(); // idempotent
  }
}
