package dev.rivulet.bench;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The broker JVM: one real KRaft broker (controller and broker in one node) from Kafka's own
 * server artifacts. Prints {@code BOOTSTRAP <host:port>} once it serves, and stops when stdin
 * says {@code STOP} or closes.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1",
        "group.initial.rebalance.delay.ms", "0",
        "log.cleaner.enable", "true",
        // the harness deletes each run's topics; free their disk promptly
        "log.segment.delete.delay.ms", "1000",
        "file.delete.delay.ms", "1000"));
    broker.afterPropertiesSet();
    System.out.println("BOOTSTRAP " + broker.getBrokersAsString());
    System.out.flush();
    ChildJvm.awaitStopRequest();
    broker.destroy();
    System.exit(0);
  }
}
