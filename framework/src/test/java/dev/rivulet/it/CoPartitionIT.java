package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.serde.RivuletSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records with the same key on two co-partitioned topics reach the same task's state. */
class CoPartitionIT {
  @TempDir Path stateA;
  @TempDir Path stateB;

  static ProcessorDefinition<String, String, String> joinCount(String left, String right,
      String out) {
    KeyedProcessor<String, String, String> p = (value, ctx) -> {
      long n = ctx.state(CheckingProcessor.COUNT).getOrDefault(0L) + 1;
      ctx.state(CheckingProcessor.COUNT).put(n);
      ctx.emit(ctx.topic() + "|" + n);
    };
    return ProcessorDefinition.builder("join", p).keySerde(RivuletSerdes.string())
        .input(left, RivuletSerdes.string()).input(right, RivuletSerdes.string())
        .output(out, RivuletSerdes.string()).state(CheckingProcessor.COUNT).build();
  }

  @Test
  void sameKeyOnBothTopicsSharesOneTaskStateAcrossInstances() throws Exception {
    String left = TestBroker.unique("left");
    String right = TestBroker.unique("right");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("copart");
    TestBroker.createTopics(3, left, right, out);
    List<ProducerRecord<String, String>> l = new ArrayList<>();
    List<ProducerRecord<String, String>> r = new ArrayList<>();
    Map<String, Long> total = new HashMap<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 600; i++) {
      String key = "k" + (i % 30);
      (i % 3 == 0 ? r : l).add(new ProducerRecord<>("x", null, now, key, "v" + i));
      total.merge(key, 1L, Long::sum);
    }
    Rivulet a = RuntimeHarness.builder(app, stateA, joinCount(left, right, out)).build();
    Rivulet b = RuntimeHarness.builder(app, stateB, joinCount(left, right, out)).build();
    try {
      a.start();
      b.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() + b.tasks().size() == 3
          && a.allTasksRunning() && b.allTasksRunning() && !a.tasks().isEmpty()
          && !b.tasks().isEmpty());
      TestBroker.produce(left, l);
      TestBroker.produce(right, r);
      RuntimeHarness.awaitOutputs(out, 600, Duration.ofSeconds(60));
      total.forEach((key, n) -> {
        Rivulet owner = a.query("join", CheckingProcessor.COUNT, key).isPresent() ? a : b;
        assertThat(owner.query("join", CheckingProcessor.COUNT, key)).contains(n);
      });
    } finally {
      a.close();
      b.close();
    }
    // per key the counts 1..n each appear once: both topics updated one state
    Map<String, List<Long>> counts = new HashMap<>();
    for (ConsumerRecord<String, String> rec : TestBroker.readCommitted(out)) {
      counts.computeIfAbsent(rec.key(), k -> new ArrayList<>())
          .add(Long.parseLong(rec.value().split("\\|")[1]));
    }
    total.forEach((key, n) -> assertThat(counts.get(key)).hasSize(n.intValue())
        .doesNotHaveDuplicates().allMatch(c -> c >= 1 && c <= n));
  }
}
