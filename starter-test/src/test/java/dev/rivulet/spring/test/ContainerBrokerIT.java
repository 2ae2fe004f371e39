package dev.rivulet.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test that asks for a Testcontainers broker: runs where Docker is, and is skipped (not
 * failed) where it is not. The embedded broker is what the other ITs use.
 */
@SpringBootTest(classes = ContainerBrokerIT.App.class)
@RivuletTestBroker(broker = BrokerKind.TESTCONTAINERS, topics = "tc-topic:2")
class ContainerBrokerIT {

  @SpringBootConfiguration
  static class App {}

  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

  @Test
  void bootstrapServersPointAtTheContainer() {
    assertThat(bootstrapServers).isEqualTo(TestBrokers.bootstrapServers(BrokerKind.TESTCONTAINERS));
  }
}
