package dev.rivulet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listener addresses: port 0 becomes a free port of its own, a fixed port stays. */
class KraftBrokerTest {

  @Test
  void givesEveryListenerOnPortZeroAFreePortOfItsOwnAndKeepsFixedOnes() throws Exception {
    Map<String, String> listeners = KraftBroker.withFreePorts(
        "PLAINTEXT://localhost:0, controller://localhost:0,FIXED://127.0.0.1:19092");

    assertThat(listeners).containsOnlyKeys("PLAINTEXT", "CONTROLLER", "FIXED")
        .containsEntry("FIXED", "127.0.0.1:19092");
    assertThat(listeners.get("PLAINTEXT")).startsWith("localhost:").doesNotEndWith(":0")
        .isNotEqualTo(listeners.get("CONTROLLER"));
    assertThat(listeners.get("CONTROLLER")).startsWith("localhost:").doesNotEndWith(":0");
  }
}
