package dev.rivulet.it;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.runtime.RivuletListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** In-process runtimes for integration tests, with restore counts per store. */
final class RuntimeHarness {
  private RuntimeHarness() {}

  static final class Restores implements RivuletListener {
    final Map<String, AtomicLong> byStore = new ConcurrentHashMap<>();

    @Override
    public void onRestoreEnd(String processorId, int partition, String store, long restored) {
      byStore.computeIfAbsent(store, k -> new AtomicLong()).addAndGet(restored);
    }

    long of(String store) {
      AtomicLong n = byStore.get(store);
      return n == null ? 0 : n.get();
    }
  }

  static RivuletBuilder builder(String app, Path stateDir, ProcessorDefinition<?, ?, ?> d) {
    return Rivulet.builder().applicationId(app).bootstrapServers(TestBroker.bootstrap())
        .stateDir(stateDir).processor(d)
        .kafkaProperty("session.timeout.ms", 6_000)
        .kafkaProperty("heartbeat.interval.ms", 1_000);
  }

  static void awaitOutputs(String topic, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConsumerRecord<String, String>> records = TestBroker.readCommitted(topic);
      if (records.size() >= n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + records.size() + " of " + n + " outputs on " + topic);
      }
      Thread.sleep(300);
    }
  }
}
