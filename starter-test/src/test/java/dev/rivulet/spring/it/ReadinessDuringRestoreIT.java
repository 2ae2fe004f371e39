package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.RivuletTestBroker;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Readiness refuses traffic while a task restores its state from the changelog and accepts it
 * once every task runs. The changelog is pre-filled before the application starts with a fresh
 * state dir, so the restore replays all of it; a listener holds the restore after its first
 * batch until the test has seen readiness refuse traffic.
 */
@SpringBootTest(classes = ReadinessDuringRestoreIT.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=restore-it",
        "rivulet.state-dir=target/it-state/restore-${random.uuid}",
        "management.endpoints.web.exposure.include=health,rivulet",
        "management.endpoint.health.probes.enabled=true"})
@RivuletTestBroker(topics = "restore-in:1")
@DirtiesContext
class ReadinessDuringRestoreIT {

  static final int RECORDS = 30_000;
  static final String CHANGELOG = "restore-it-totals-total-changelog";
  static final CountDownLatch restoreGate = new CountDownLatch(1);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Totals.class)
  static class App {
    @Bean
    RivuletListener restoreGateListener() {
      return new RivuletListener() {
        @Override
        public void onRestoreProgress(String processorId, int partition, String store,
            long restored, long remaining) {
          try {
            restoreGate.await(60, TimeUnit.SECONDS); // holds the worker mid-restore
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
    }
  }

  @StreamProcessor(id = "totals", inputs = "restore-in")
  static class Totals implements KeyedProcessor<String, Long, Void> {
    static final ValueStateSpec<Long> TOTAL = StateSpec.value("total", Long.class);

    @Override
    public void process(Long value, KeyedContext<String, Void> ctx) {
      ctx.state(TOTAL).put(ctx.state(TOTAL).getOrDefault(0L) + value);
    }
  }

  @BeforeAll
  static void prefillChangelog() throws Exception {
    String servers = TestBrokers.bootstrapServers(BrokerKind.EMBEDDED);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
      admin.createTopics(List.of(new NewTopic(CHANGELOG, Optional.of(1), Optional.of((short) 1))
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    try (KafkaProducer<String, Long> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ProducerConfig.LINGER_MS_CONFIG, 20),
        new StringSerializer(), new LongSerializer())) {
      for (long i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(CHANGELOG, "k" + i, i));
      }
    }
  }

  @AfterAll
  static void openGate() {
    restoreGate.countDown();
  }

  @LocalServerPort int port;
  @Autowired Rivulet rivulet;
  @Autowired ApplicationAvailability availability;

  @Test
  void refusesTrafficDuringTheRestoreAndAcceptsItAfter() {
    ItHttp http = new ItHttp(port);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      TaskInfo task = task();
      assertThat(task.state()).isEqualTo(TaskState.RESTORING);
      assertThat(task.restoredRecords()).isPositive();
      assertThat(task.remainingToRestore()).isPositive();
      assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
      assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    });
    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    JsonNode restoring = http.json("/actuator/rivulet").get("tasks").get(0);
    assertThat(restoring.get("state").asString()).isEqualTo("RESTORING");
    assertThat(restoring.get("remainingToRestore").asLong()).isPositive();
    assertThat(http.json("/actuator/rivulet/totals/total/k7").get("message").asString())
        .contains("still restoring");

    restoreGate.countDown();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(rivulet.state()).isEqualTo(RuntimeState.RUNNING);
      assertThat(rivulet.allTasksRunning()).isTrue();
      assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
      assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    });
    assertThat(task().restoredRecords()).isEqualTo(RECORDS);
    assertThat(http.json("/actuator/rivulet/totals/total/k7").get("value").asLong()).isEqualTo(7);
  }

  private TaskInfo task() {
    List<TaskInfo> tasks = rivulet.tasks().stream()
        .filter(t -> t.processorId().equals("totals")).toList();
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }
}
