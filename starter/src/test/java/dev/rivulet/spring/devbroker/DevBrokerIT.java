package dev.rivulet.spring.devbroker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.spring.autoconfigure.RivuletLifecycleAutoConfiguration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/** The dev broker "on": a real in-process broker, shared with the other ITs of this JVM. */
class DevBrokerIT {

  @Test
  void startsTheBrokerBeforeTheRuntimeAndPointsSpringKafkaAtIt() {
    DevBrokerInitializerTests.runner
        .withConfiguration(AutoConfigurations.of(RivuletLifecycleAutoConfiguration.class))
        .withPropertyValues("rivulet.dev-broker.enabled=true", "rivulet.auto-startup=true",
            "rivulet.dev-broker.topics=dev-extra:3, dev-other",
            "rivulet.state-dir=target/dev-broker-it/" + System.nanoTime())
        .run(context -> {
          assertThat(context).hasNotFailed();
          String servers = context.getBean(DevBroker.class).bootstrapServers();
          assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
              .isEqualTo(servers);
          assertThat(context.getEnvironment()
              .getProperty(DevBrokerInitializer.BOOTSTRAP_SERVERS_PROPERTY)).isEqualTo(servers);
          Rivulet rivulet = context.getBean(Rivulet.class);
          assertThat(DevBrokerInitializerTests.config(rivulet).bootstrapServers())
              .isEqualTo(servers);
          // the runtime started against it, its missing input topic created on the way
          assertThat(rivulet.state()).isIn(RuntimeState.REBALANCING, RuntimeState.RUNNING);
          try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).contains("dev-extra", "dev-other", "dev-words");
            assertThat(admin.describeTopics(Set.of("dev-extra")).allTopicNames().get()
                .get("dev-extra").partitions()).hasSize(3);
          }
        });
  }
}
