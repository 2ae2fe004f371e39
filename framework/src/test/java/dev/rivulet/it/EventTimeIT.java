package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TTL tombstones, processing-time timer latency and watermark persistence on a real broker. */
class EventTimeIT {
  static final ValueStateSpec<String> LAST =
      StateSpec.value("last", String.class).ttl(Duration.ofSeconds(1));

  @TempDir Path stateA;
  @TempDir Path stateB;

  static ProcessorDefinition<String, String, String> ttlAndTimers(String in, String out) {
    KeyedProcessor<String, String, String> p = new KeyedProcessor<>() {
      @Override
      public void process(String value, KeyedContext<String, String> ctx) {
        ctx.state(LAST).put(value);
        ctx.timers().processingTime(ctx.currentProcessingTime() + 500);
        ctx.emit("seen|" + value);
      }

      @Override
      public void onTimer(long time, KeyedContext<String, String> ctx) {
        ctx.emit("late-by|" + (ctx.currentProcessingTime() - time));
      }
    };
    return ProcessorDefinition.builder("ttl", p).keySerde(RivuletSerdes.string())
        .input(in, RivuletSerdes.string()).output(out, RivuletSerdes.string())
        .state(LAST).maxOutOfOrderness(Duration.ofSeconds(1)).build();
  }

  @Test
  void expiredStateBecomesChangelogTombstonesAndTimersFireOnTime() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("ttl");
    TestBroker.createTopics(2, in, out);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 20; i++) {
      records.add(new ProducerRecord<>("x", null, now - 60_000 + i * 1_000, "k" + i, "v" + i));
    }
    long watermarkBefore;
    try (Rivulet r = RuntimeHarness.builder(app, stateA, ttlAndTimers(in, out)).build()) {
      r.start();
      TestBroker.produce(in, records);
      RuntimeHarness.awaitOutputs(out, 40, Duration.ofSeconds(60)); // 20 seen + 20 timers
      String changelog = app + "-ttl-last-changelog";
      await().atMost(Duration.ofSeconds(30)).until(() -> lastValues(changelog).size() == 20
          && lastValues(changelog).values().stream().allMatch(v -> v == null));
      for (int i = 0; i < 20; i++) {
        assertThat(r.query("ttl", LAST, "k" + i)).isEmpty();
      }
      watermarkBefore = r.tasks().stream().mapToLong(TaskInfo::watermark).min().orElseThrow();
      assertThat(watermarkBefore).isGreaterThan(now - 70_000);
    }
    List<Long> delays = new ArrayList<>();
    for (ConsumerRecord<String, String> rec : TestBroker.readCommitted(out)) {
      if (rec.value().startsWith("late-by|")) {
        delays.add(Long.parseLong(rec.value().substring(8)));
      }
    }
    // documented bound: ~50 ms poll interval plus the batch in progress; generous for CI noise
    assertThat(delays).hasSize(20).allMatch(d -> d >= 0 && d < 2_000);
    System.out.println("processing-time timer delays ms: " + delays);

    // restart on the same state: the watermark does not regress, nothing is resurrected
    try (Rivulet r = RuntimeHarness.builder(app, stateA, ttlAndTimers(in, out)).build()) {
      r.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> r.tasks().size() == 2
          && r.allTasksRunning()
          && r.tasks().stream().allMatch(t -> t.watermark() != Long.MIN_VALUE));
      assertThat(r.tasks().stream().mapToLong(TaskInfo::watermark).min().orElseThrow())
          .isGreaterThanOrEqualTo(watermarkBefore);
    }
    // another instance restoring the changelog from scratch gets no expired value back
    try (Rivulet r = RuntimeHarness.builder(app, stateB, ttlAndTimers(in, out)).build()) {
      r.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> r.tasks().size() == 2
          && r.allTasksRunning());
      for (int i = 0; i < 20; i++) {
        assertThat(r.query("ttl", LAST, "k" + i)).isEmpty();
      }
    }
  }

  /** The last value per key of a changelog (null = tombstone). */
  private static Map<String, byte[]> lastValues(String topic) {
    Map<String, byte[]> last = new HashMap<>();
    TestBroker.readCommitted(topic, new StringDeserializer(), new ByteArrayDeserializer())
        .forEach(r -> last.put(r.key(), r.value()));
    return last;
  }
}
