package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Stale reads from standby replicas over the query API: two instances with
 * {@code rivulet.standby-replicas=1}, so each keeps a replica of every partition the other owns.
 * With {@code stale=true} an instance answers the other's keys from its replica, saying so
 * ({@code "source": "standby"}, its {@code lag}) and without a hop; without it the owner answers.
 * When the owner stops, stale reads keep being answered, right, while its partitions move.
 */
class StaleStateQueryIT {
  static final String INPUT = "stale-orders";
  static final int PARTITIONS = 6;
  static final int KEYS = 30;
  static final String BASE = "/rivulet/v1/state/counts/count/keys/";

  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Counts.class)
  static class App {}

  /** Counts records per key. */
  @StreamProcessor(id = "counts", inputs = INPUT)
  static class Counts implements KeyedProcessor<String, String, Void> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

    @Override
    public void process(String item, KeyedContext<String, Void> ctx) {
      ctx.state(COUNT).put(ctx.state(COUNT).getOrDefault(0L) + 1);
    }
  }

  @AfterEach
  void stop() {
    apps.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aStandbyAnswersStaleReadsAndSaysSoAlsoWhileItsOwnerLeaves() throws Exception {
    String servers = TestBrokers.prepare(BrokerKind.EMBEDDED, Map.of(INPUT, PARTITIONS));
    for (int i = 0; i < 2; i++) {
      start(servers, i);
    }
    produce(servers, 2);
    Rivulet a = apps.get(0).getBean(Rivulet.class);
    Rivulet b = apps.get(1).getBean(Rivulet.class);
    // settled: each instance owns some partitions and follows the other's; the owners have
    // committed every record, and then the replicas caught up (their lag is refreshed every second)
    await().atMost(Duration.ofSeconds(60)).until(() -> owned(a).size() + owned(b).size()
        == PARTITIONS && !owned(a).isEmpty() && !owned(b).isEmpty()
        && standbys(a).equals(owned(b)) && standbys(b).equals(owned(a)) && counted(0, 2, ""));
    await().atMost(Duration.ofSeconds(30)).until(() -> counted(0, 2, "?stale=true"));

    ItHttp http = new ItHttp(ports.get(0));
    int fromReplica = 0;
    for (int k = 0; k < KEYS; k++) {
      KeyLocation where = a.locate("counts", "k" + k);
      JsonNode stale = http.json(BASE + "k" + k + "?stale=true");
      assertThat(stale.get("value").asLong()).as("k%d", k).isEqualTo(2);
      assertThat(stale.get("forwarded").asBoolean()).as("never a hop: every key is here")
          .isFalse();
      assertThat(stale.get("servedBy").asString()).isEqualTo("http://localhost:" + ports.get(0));
      assertThat(stale.get("source").asString()).isEqualTo(where.local() ? "active" : "standby");
      assertThat(stale.get("lag").asLong()).isZero();
      assertThat(stale.get("position").get(INPUT).asLong()).isPositive();
      if (!where.local()) {
        fromReplica++;
        JsonNode fresh = http.json(BASE + "k" + k);
        assertThat(fresh.get("source").asString()).isEqualTo("active");
        assertThat(fresh.get("forwarded").asBoolean()).isTrue();
        assertThat(fresh.get("servedBy").asString()).isEqualTo(where.ownerUrl());
      }
    }
    assertThat(fromReplica).isPositive();
    HttpResponse<String> bad = http.get(BASE + "k0?stale=maybe");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(ItHttp.parse(bad.body()).get("reason").asString()).isEqualTo("bad-stale");

    // B leaves: stale reads at A see the right count throughout, from the replica or, once
    // promoted, from A's own task (or a retryable 503 in between, never a wrong value)
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger right = new AtomicInteger();
    AtomicInteger retryable = new AtomicInteger();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    Thread client = new Thread(() -> {
      for (int n = 0; !done.get(); n++) {
        HttpResponse<String> answer = http.get(BASE + "k" + (n % KEYS) + "?stale=true");
        JsonNode body = ItHttp.parse(answer.body());
        if (answer.statusCode() == 200 && body.get("value").asLong() == 2) {
          right.incrementAndGet();
        } else if (answer.statusCode() == 503 && body.get("retryable").asBoolean()) {
          retryable.incrementAndGet();
        } else {
          wrong.add(answer.statusCode() + " " + answer.body());
        }
      }
    }, "stale-query-client");
    client.start();
    apps.get(1).close();
    await().atMost(Duration.ofSeconds(60)).until(() -> owned(a).size() == PARTITIONS
        && a.allTasksRunning());
    int before = right.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> right.get() > before + 50);
    done.set(true);
    client.join(10_000);
    System.out.printf("StaleStateQueryIT: while the owner left %d right answers, %d retryable "
        + "503s, %d wrong%n", right.get(), retryable.get(), wrong.size());
    assertThat(wrong).isEmpty();
  }

  private void start(String servers, int i) throws IOException {
    int port = QueryInstances.freePort();
    ports.add(port);
    apps.add(QueryInstances.start(App.class, servers, "stale-query-it", i, port,
        "rivulet.standby-replicas=1", "rivulet.query.timeout=3s"));
  }

  private static void produce(String servers, int perKey) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
        new StringSerializer())) {
      for (int n = 0; n < perKey; n++) {
        for (int k = 0; k < KEYS; k++) {
          producer.send(new ProducerRecord<>(INPUT, "k" + k, "item")).get();
        }
      }
    }
  }

  private static Set<Integer> owned(Rivulet r) {
    return r.tasks().stream().filter(t -> t.state() == TaskState.RUNNING)
        .map(TaskInfo::partition).collect(Collectors.toSet());
  }

  private static Set<Integer> standbys(Rivulet r) {
    return r.tasks().stream().filter(t -> t.state().isReplica())
        .map(TaskInfo::partition).collect(Collectors.toSet());
  }

  /**
   * Whether instance {@code i} answers every key with the count and lag 0, and, for a stale
   * read, without a hop (from its task or its replica).
   */
  private boolean counted(int i, long count, String query) {
    ItHttp http = new ItHttp(ports.get(i));
    for (int k = 0; k < KEYS; k++) {
      HttpResponse<String> answer = http.get(BASE + "k" + k + query);
      if (answer.statusCode() != 200) {
        return false;
      }
      JsonNode body = ItHttp.parse(answer.body());
      if (body.get("value").asLong() != count || body.get("lag").asLong() != 0
          || (!query.isEmpty() && body.get("forwarded").asBoolean())) {
        return false;
      }
    }
    return true;
  }
}
