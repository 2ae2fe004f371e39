package dev.rivulet.bench;

import dev.rivulet.broker.KraftBroker;
import java.util.Map;

/**
 * The broker JVM: one real KRaft broker (controller and broker in one node) from Kafka's own
 * server artifacts. Prints {@code BOOTSTRAP <host:port>} once it serves, and stops when stdin
 * says {@code STOP} or closes.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) {
    // replication factors 1 and no rebalance delay come with KraftBroker.SINGLE_NODE
    KraftBroker broker = KraftBroker.start(Map.of(
        "log.cleaner.enable", "true",
        // the harness deletes each run's topics; free their disk promptly
        "log.segment.delete.delay.ms", "1000",
        "file.delete.delay.ms", "1000"));
    System.out.println("BOOTSTRAP " + broker.bootstrapServers());
    System.out.flush();
    ChildJvm.awaitStopRequest();
    broker.close();
    System.exit(0);
  }
}
