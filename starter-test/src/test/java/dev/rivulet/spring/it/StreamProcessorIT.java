package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * An annotated processor bean runs against a real broker; the Actuator endpoint, health,
 * Prometheus scrape and pause/resume work over HTTP.
 */
@SpringBootTest(classes = StreamProcessorIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.application.name=word-count-it",
        "rivulet.state-dir=target/it-state/word-count-${random.uuid}",
        "rivulet.commit-interval=50ms",
        "management.endpoints.web.exposure.include=health,info,prometheus,rivulet",
        "management.endpoint.rivulet.access=unrestricted",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true"})
@RivuletTestBroker(topics = {"it-words:2", "it-word-counts:2"})
@DirtiesContext
class StreamProcessorIT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(WordCount.class)
  static class App {}

  @StreamProcessor(id = "word-count", inputs = "it-words", output = "it-word-counts")
  static class WordCount implements KeyedProcessor<String, String, Long> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

    @Override
    public void process(String value, KeyedContext<String, Long> ctx) {
      long count = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(count);
      ctx.emit(count);
    }
  }

  @LocalServerPort int port;
  @Autowired Rivulet rivulet;
  @Autowired KafkaTemplate<String, String> template;
  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

  @Test
  void processesRecordsAndShowsItselfThroughActuator() {
    ItHttp http = new ItHttp(port);
    for (int i = 0; i < 10; i++) {
      for (String word : List.of("apple", "kiwi", "fig")) {
        template.send("it-words", word, word);
      }
    }
    template.flush();
    assertThat(latestCounts(30)).containsEntry("apple", 10L).containsEntry("kiwi", 10L)
        .containsEntry("fig", 10L);

    // the endpoint: runtime, tasks with lag, processors with stores
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode rivuletJson = http.json("/actuator/rivulet");
      assertThat(rivuletJson.get("state").asString()).isEqualTo("RUNNING");
      assertThat(rivuletJson.get("tasks")).hasSize(2);
      for (JsonNode task : rivuletJson.get("tasks")) {
        assertThat(task.get("state").asString()).isEqualTo("RUNNING");
        assertThat(task.get("lag").asLong()).isZero();
        assertThat(task.has("watermark")).isTrue();
        assertThat(task.get("lastCommit").isNull()).isFalse();
      }
    });
    JsonNode processor = http.json("/actuator/rivulet").get("processors").get(0);
    assertThat(processor.get("id").asString()).isEqualTo("word-count");
    assertThat(processor.get("output").asString()).isEqualTo("it-word-counts");
    assertThat(processor.get("stores").get(0).get("changelog").asString())
        .isEqualTo("word-count-it-word-count-count-changelog");

    // interactive query of the value store
    JsonNode query = http.json("/actuator/rivulet/word-count/count/apple");
    assertThat(query.get("local").asBoolean()).isTrue();
    assertThat(query.get("value").asLong()).isEqualTo(10);
    assertThat(query.get("partition").asInt())
        .isEqualTo(rivulet.partitionFor("word-count", "apple"));

    // Prometheus: the documented meter names, with values
    String scrape = http.get("/actuator/prometheus").body();
    assertThat(sum(scrape, "rivulet_records_in_total", "word-count")).isEqualTo(30);
    assertThat(sum(scrape, "rivulet_records_out_total", "word-count")).isEqualTo(30);
    assertThat(scrape).contains("rivulet_commits_total", "rivulet_commit_latency_seconds",
        "rivulet_processing_latency_seconds_count", "rivulet_end_to_end_latency_seconds",
        "rivulet_records_skipped_total", "rivulet_records_dead_lettered_total",
        "rivulet_timers_fired_total", "rivulet_restore_records_total", "rivulet_tasks{",
        "rivulet_aborts_total", "rivulet_fences_total");

    // health and readiness
    JsonNode health = http.json("/actuator/health");
    assertThat(health.get("components").get("rivulet").get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("rivulet").get("details").get("tasks").asInt())
        .isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> http.get("/actuator/health/readiness").statusCode() == 200);
    assertThat(http.json("/actuator/info").get("rivulet").get("applicationId").asString())
        .isEqualTo("word-count-it");
  }

  @Test
  void pausesAndResumesThroughTheEndpoint() {
    ItHttp http = new ItHttp(port);
    assertThat(http.post("/actuator/rivulet/word-count", "{\"action\":\"pause\"}").statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> allTasks(http, "PAUSED"));
    assertThat(http.json("/actuator/rivulet").get("processors").get(0).get("paused").asBoolean())
        .isTrue();
    assertThat(http.post("/actuator/rivulet/word-count", "{\"action\":\"resume\"}").statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> allTasks(http, "RUNNING"));
    HttpResponse<String> unknown = http.post("/actuator/rivulet/nope", "{\"action\":\"pause\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"title\":\"Not Found\"", "\"status\":404",
        "No processor 'nope'; processors: [word-count]", "\"instance\":\"/actuator/rivulet/nope\"");
    HttpResponse<String> badAction =
        http.post("/actuator/rivulet/word-count", "{\"action\":\"stop\"}");
    assertThat(badAction.statusCode()).isEqualTo(400);
    assertThat(badAction.body()).contains("Unknown action 'stop'; actions: [pause, resume, redrive]");
    HttpResponse<String> noStore = http.get("/actuator/rivulet/word-count/nope/apple");
    assertThat(noStore.statusCode()).isEqualTo(404);
    assertThat(noStore.body()).contains("has no store 'nope'");
    assertThat(rivulet.state()).isEqualTo(RuntimeState.RUNNING);
  }

  private static boolean allTasks(ItHttp http, String state) {
    JsonNode tasks = http.json("/actuator/rivulet").get("tasks");
    if (tasks.isEmpty()) {
      return false;
    }
    for (JsonNode task : tasks) {
      if (!task.get("state").asString().equals(state)) {
        return false;
      }
    }
    return true;
  }

  /** The latest count per word once {@code expected} counts were read. */
  private Map<String, Long> latestCounts(int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "word-count-it-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Long> latest = new HashMap<>();
    int[] read = {0};
    try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(config,
        new StringDeserializer(), new LongDeserializer())) {
      consumer.subscribe(List.of("it-word-counts"));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
          latest.merge(r.key(), r.value(), Math::max);
          read[0]++;
        }
        return read[0] >= expected;
      });
    }
    assertThat(read[0]).isEqualTo(expected);
    return latest;
  }

  /** Sum of a Prometheus counter's samples of one processor. */
  private static double sum(String scrape, String metric, String processor) {
    Pattern sample = Pattern.compile("^" + metric + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = sample.matcher(scrape);
    double total = 0;
    boolean found = false;
    while (m.find()) {
      if (m.group(1).contains("processor=\"" + processor + "\"")) {
        total += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    assertThat(found).as(metric + " for " + processor + " in\n" + scrape).isTrue();
    return total;
  }
}
