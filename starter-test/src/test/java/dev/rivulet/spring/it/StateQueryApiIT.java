package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.InstanceInfo;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;

/**
 * Three instances of one application (three Spring Boot contexts in this JVM, each its own web
 * server and advertised URL) share an 8-partition input: every key of every store kind is
 * answered correctly by every instance, locally or forwarded once to its owner with the caller's
 * credentials; a position makes the owner wait for the caller's own write; an instance stopping
 * while queries run yields only right answers or retryable 503s, never a wrong value.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateQueryApiIT {
  static final String INPUT = "rq-orders";
  static final int PARTITIONS = 8;
  static final int KEYS = 40;
  static final String BASE = "/rivulet/v1/state/orders";
  /** Authorization headers of forwarded requests, as the receiving instance saw them. */
  static final Queue<String> forwardedAuthorization = new ConcurrentLinkedQueue<>();

  static String servers;
  static final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  static final List<Integer> ports = new ArrayList<>();
  /** Input partition and offset of every record, per key (all of them "apple, pear, apple"). */
  static final Map<Integer, Map<Long, String>> keyByOffset = new HashMap<>();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Orders.class)
  static class App {
    @Bean
    OncePerRequestFilter forwardedAuthorizationRecorder() {
      return new OncePerRequestFilter() {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
          if (request.getHeader("X-Rivulet-Forwarded") != null
              && request.getHeader("Authorization") != null) {
            forwardedAuthorization.add(request.getHeader("Authorization"));
          }
          chain.doFilter(request, response);
        }
      };
    }
  }

  /** Per key: a count, item counts, the items in order; per partition: key by input offset. */
  @StreamProcessor(id = "orders", inputs = INPUT)
  static class Orders implements KeyedProcessor<String, String, Void> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);
    static final MapStateSpec<String, Long> ITEMS =
        StateSpec.map("items", String.class, Long.class);
    static final ListStateSpec<String> HISTORY = StateSpec.list("history", String.class);
    static final KeyValueStoreSpec<Long, String> BY_OFFSET = StateSpec.keyValue("by-offset",
        RivuletSerdes.orderedLong(), RivuletSerdes.string());

    @Override
    public void process(String item, KeyedContext<String, Void> ctx) {
      ctx.state(COUNT).put(ctx.state(COUNT).getOrDefault(0L) + 1);
      Long items = ctx.state(ITEMS).get(item);
      ctx.state(ITEMS).put(item, items == null ? 1 : items + 1);
      ctx.state(HISTORY).add(item);
      ctx.store(BY_OFFSET).put(ctx.offset(), ctx.key());
    }
  }

  @BeforeAll
  static void startThreeInstances() throws Exception {
    servers = TestBrokers.prepare(BrokerKind.EMBEDDED, Map.of(INPUT, PARTITIONS));
    for (int i = 0; i < 3; i++) {
      int port = QueryInstances.freePort();
      ports.add(port);
      apps.add(QueryInstances.start(App.class, servers, "state-query-api-it", i, port,
          "rivulet.query.timeout=3s"));
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
        new StringSerializer())) {
      for (String item : List.of("apple", "pear", "apple")) {
        for (int k = 0; k < KEYS; k++) {
          RecordMetadata sent = producer.send(new ProducerRecord<>(INPUT, "k" + k, item)).get();
          keyByOffset.computeIfAbsent(sent.partition(), p -> new HashMap<>())
              .put(sent.offset(), "k" + k);
        }
      }
    }
    awaitSettled(3);
  }

  @AfterAll
  static void stop() {
    apps.forEach(ConfigurableApplicationContext::close);
  }

  /** Every partition runs on one of {@code instances} and each knows every owner's URL. */
  static void awaitSettled(int instances) {
    await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
      Set<Integer> running = new TreeSet<>();
      for (ConfigurableApplicationContext app : running()) {
        Rivulet rivulet = app.getBean(Rivulet.class);
        rivulet.tasks().stream().filter(t -> t.state() == TaskState.RUNNING)
            .forEach(t -> running.add(t.partition()));
        List<InstanceInfo> known = rivulet.instances();
        assertThat(known).hasSize(instances);
        assertThat(known.stream().mapToInt(i -> i.partitions().size()).sum())
            .isEqualTo(PARTITIONS);
      }
      assertThat(running).hasSize(PARTITIONS);
      assertThat(running().size()).isEqualTo(instances);
    });
  }

  static List<ConfigurableApplicationContext> running() {
    return apps.stream().filter(ConfigurableApplicationContext::isActive).toList();
  }

  @Test
  @Order(1)
  void everyInstanceAnswersEveryKeyOfEveryStoreKind() {
    // processing of the last records may still be committing
    await().atMost(Duration.ofSeconds(20)).until(() -> allCounted(0, 3));
    for (int i = 0; i < 3; i++) {
      ItHttp http = new ItHttp(ports.get(i));
      Rivulet rivulet = apps.get(i).getBean(Rivulet.class);
      for (int k = 0; k < KEYS; k++) {
        String key = "k" + k;
        KeyLocation where = rivulet.locate("orders", key);
        JsonNode count = json(http, "/count/keys/" + key);
        assertThat(count.get("value").asLong()).as(key).isEqualTo(3);
        assertThat(count.get("forwarded").asBoolean()).isEqualTo(!where.local());
        assertThat(count.get("partition").asInt()).isEqualTo(where.partition());
        assertThat(count.get("servedBy").asString()).isEqualTo(where.ownerUrl());
        assertThat(count.get("position").get(INPUT).asLong()).isPositive();
        JsonNode items = json(http, "/items/keys/" + key).get("entries");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("key").asString()).isEqualTo("apple");
        assertThat(items.get(0).get("value").asLong()).isEqualTo(2);
        assertThat(items.get(1).get("key").asString()).isEqualTo("pear");
        assertThat(json(http, "/items/keys/" + key + "/entries/pear").get("value").asLong())
            .isEqualTo(1);
        assertThat(json(http, "/history/keys/" + key).get("elements").valueStream()
            .map(JsonNode::asString)).containsExactly("apple", "pear", "apple");
      }
      // the ordered store: point look-ups and a bounded range, partition by partition
      for (Map.Entry<Integer, Map<Long, String>> partition : keyByOffset.entrySet()) {
        String entries = "/by-offset/partitions/" + partition.getKey() + "/entries";
        partition.getValue().forEach((offset, key) ->
            assertThat(json(http, entries + "/" + offset).get("value").asString())
                .isEqualTo(key));
        JsonNode range = json(http, entries + "?from=1&limit=2").get("entries");
        assertThat(range).hasSizeLessThanOrEqualTo(2);
        for (JsonNode entry : range) {
          assertThat(entry.get("key").asLong()).isGreaterThanOrEqualTo(1);
          assertThat(entry.get("value").asString())
              .isEqualTo(partition.getValue().get(entry.get("key").asLong()));
        }
      }
    }
    printLatencies();
  }

  /** Warm latencies of local and forwarded value look-ups (for the record, not asserted). */
  static void printLatencies() {
    List<List<Long>> micros = List.of(new ArrayList<>(), new ArrayList<>());
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 3; i++) {
        ItHttp http = new ItHttp(ports.get(i));
        Rivulet rivulet = apps.get(i).getBean(Rivulet.class);
        for (int k = 0; k < KEYS; k++) {
          boolean local = rivulet.locate("orders", "k" + k).local();
          long start = System.nanoTime();
          json(http, "/count/keys/k" + k);
          micros.get(local ? 0 : 1).add((System.nanoTime() - start) / 1_000);
        }
      }
    }
    for (int kind = 0; kind < 2; kind++) {
      List<Long> sorted = micros.get(kind).stream().sorted().toList();
      System.out.printf("StateQueryApiIT: %s look-ups: %d, median %d us, p90 %d us%n",
          kind == 0 ? "local" : "forwarded", sorted.size(), sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() * 9 / 10));
    }
  }

  @Test
  @Order(2)
  void forwardsTheCallersAuthorizationToTheOwner() {
    int k = remoteKey(0);
    HttpResponse<String> answer = new ItHttp(ports.get(0)).get(BASE + "/count/keys/k" + k,
        "Authorization", "Bearer routed-it-token", "Cookie", "SESSION=it");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(ItHttp.parse(answer.body()).get("forwarded").asBoolean()).isTrue();
    assertThat(forwardedAuthorization).contains("Bearer routed-it-token");
  }

  @Test
  @Order(3)
  void aPositionMakesTheOwnerWaitForTheCallersWrite() throws Exception {
    int k = remoteKey(0);
    RecordMetadata sent;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
        new StringSerializer())) {
      sent = producer.send(new ProducerRecord<>(INPUT, "k" + k, "plum")).get();
    }
    // asked right after the write, of an instance that does not own the key
    JsonNode count = json(new ItHttp(ports.get(0)),
        "/count/keys/k" + k + "?position=" + INPUT + ":" + (sent.offset() + 1));
    assertThat(count.get("value").asLong()).isEqualTo(4);
    assertThat(count.get("forwarded").asBoolean()).isTrue();
    assertThat(count.get("position").get(INPUT).asLong()).isGreaterThan(sent.offset());
    HttpResponse<String> tooFar = new ItHttp(ports.get(0)).get(BASE + "/count/keys/k" + k
        + "?position=" + INPUT + ":" + (sent.offset() + 1_000));
    assertThat(tooFar.statusCode()).isEqualTo(503);
    assertThat(tooFar.headers().firstValue("Retry-After")).contains("1");
    assertThat(ItHttp.parse(tooFar.body()).get("reason").asString())
        .isEqualTo("position-not-reached");
    keyByOffset.get(sent.partition()).put(sent.offset(), "k" + k);
    plumKey = k;
  }

  static int plumKey = -1;

  @Test
  @Order(4)
  void anInstanceStoppingWhileQueriesRunYieldsRightAnswersOrRetryableErrors() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger retryable = new AtomicInteger();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ItHttp http = new ItHttp(ports.get(i));
      Thread client = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          int k = n % KEYS;
          HttpResponse<String> answer = http.get(BASE + "/count/keys/k" + k);
          JsonNode body = ItHttp.parse(answer.body());
          long expected = k == plumKey ? 4 : 3;
          if (answer.statusCode() == 200 && body.get("value").asLong() == expected) {
            ok.incrementAndGet();
          } else if (answer.statusCode() == 503 && body.get("retryable").asBoolean()
              && answer.headers().firstValue("Retry-After").isPresent()) {
            retryable.incrementAndGet();
          } else {
            wrong.add(answer.statusCode() + " " + answer.body());
          }
        }
      }, "query-client-" + i);
      client.start();
      clients.add(client);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > 100);
    apps.get(2).close();
    awaitSettled(2);
    await().atMost(Duration.ofSeconds(20)).until(() -> allCounted(0, 3) && allCounted(1, 3));
    int okBefore = ok.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > okBefore + 100);
    stop.set(true);
    for (Thread client : clients) {
      client.join(10_000);
    }
    System.out.printf("StateQueryApiIT: during the rebalance %d right answers, %d retryable "
        + "503s, %d wrong%n", ok.get(), retryable.get(), wrong.size());
    assertThat(wrong).isEmpty();
    assertThat(ok.get()).isGreaterThan(200);
  }

  /** Whether the instance answers every key's count with at least {@code min}, any owner. */
  static boolean allCounted(int instance, long min) {
    ItHttp http = new ItHttp(ports.get(instance));
    for (int k = 0; k < KEYS; k++) {
      HttpResponse<String> answer = http.get(BASE + "/count/keys/k" + k);
      if (answer.statusCode() != 200
          || ItHttp.parse(answer.body()).get("value").asLong() < min) {
        return false;
      }
    }
    return true;
  }

  /** A key that instance {@code i} does not own. */
  static int remoteKey(int i) {
    Rivulet rivulet = apps.get(i).getBean(Rivulet.class);
    for (int k = 0; k < KEYS; k++) {
      if (!rivulet.locate("orders", "k" + k).local() && k != plumKey) {
        return k;
      }
    }
    throw new AssertionError("instance " + i + " owns every key");
  }

  static JsonNode json(ItHttp http, String path) {
    return http.json(BASE + path);
  }

}
