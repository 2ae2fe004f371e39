package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The console's key lookup across two instances: with the routed query API on, the settings
 * hand the page the API's path, and through it the instance whose console is open answers for a
 * key owned by the other one (forwarded, served by the owner), where the Actuator endpoint, the
 * lookup without the API, says the partition is not owned here. (The page's lookup box itself is
 * driven in a browser by the fraud sample's {@code FraudPagesIT}.)
 */
class ConsoleRoutedLookupIT {
  static final String INPUT = "console-lookup-in";
  static final int PARTITIONS = 4;
  static final int KEYS = 20;
  static final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  static final List<Integer> ports = new ArrayList<>();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Last.class)
  static class App {}

  /** Keeps each key's last value. */
  @StreamProcessor(id = "last", inputs = INPUT)
  static class Last implements KeyedProcessor<String, String, Void> {
    static final ValueStateSpec<String> LAST = StateSpec.value("last", String.class);

    @Override
    public void process(String value, KeyedContext<String, Void> ctx) {
      ctx.state(LAST).put(value);
    }
  }

  @BeforeAll
  static void startTwoInstances() throws IOException {
    String servers = TestBrokers.prepare(BrokerKind.EMBEDDED, Map.of(INPUT, PARTITIONS));
    for (int i = 0; i < 2; i++) {
      int port = QueryInstances.freePort();
      ports.add(port);
      apps.add(QueryInstances.start(App.class, servers, "console-lookup-it", i, port,
          "rivulet.console.enabled=true",
          "management.endpoints.web.exposure.include=health,rivulet"));
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
        new StringSerializer())) {
      for (int k = 0; k < KEYS; k++) {
        producer.send(new ProducerRecord<>(INPUT, "k" + k, "value-of-k" + k));
      }
    }
    await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
      Set<Integer> running = new TreeSet<>();
      for (ConfigurableApplicationContext app : apps) {
        Rivulet rivulet = app.getBean(Rivulet.class);
        assertThat(rivulet.instances()).hasSize(2);
        rivulet.tasks().stream().filter(t -> t.state() == TaskState.RUNNING)
            .forEach(t -> running.add(t.partition()));
      }
      assertThat(running).hasSize(PARTITIONS);
    });
  }

  @AfterAll
  static void stop() {
    apps.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void theConsoleLooksUpAKeyOfTheOtherInstanceThroughTheUrlItsSettingsHandOut() {
    ItHttp console = new ItHttp(ports.get(0));
    Rivulet here = apps.get(0).getBean(Rivulet.class);
    String key = IntStream.range(0, KEYS).mapToObj(k -> "k" + k)
        .filter(k -> !here.locate("last", k).local()).findFirst().orElseThrow();
    KeyLocation where = here.locate("last", key);
    assertThat(where.ownerUrl()).isEqualTo("http://localhost:" + ports.get(1));

    JsonNode settings = console.json("/rivulet-console/settings");
    assertThat(settings.get("stateQuery").asString()).isEqualTo("/rivulet/v1/state");
    String url = settings.get("stateQuery").asString() + "/last/last/keys/" + key;
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
      JsonNode answer = console.json(url);
      assertThat(answer.get("value").asString()).isEqualTo("value-of-" + key);
      assertThat(answer.get("forwarded").asBoolean()).isTrue();
      assertThat(answer.get("servedBy").asString()).isEqualTo(where.ownerUrl());
      assertThat(answer.get("partition").asInt()).isEqualTo(where.partition());
    });

    // the endpoint, which the page uses when the API is off, answers only for its own keys
    JsonNode endpoint = console.json(settings.get("endpoint").asString() + "/last/last/" + key);
    assertThat(endpoint.get("found").asBoolean()).isFalse();
    assertThat(endpoint.get("local").asBoolean()).isFalse();
    assertThat(endpoint.get("message").asString()).contains("not owned by this instance");
  }
}
