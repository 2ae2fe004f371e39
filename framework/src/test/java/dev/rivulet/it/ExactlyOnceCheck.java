package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Generates the checking processor's input and verifies its read_committed output against a
 * reference computed offline from the input: per key the outputs must be exactly counts 1..n with
 * the input ids in order, and every due timer exactly once.
 */
public final class ExactlyOnceCheck {
  private final int partitions;
  private final List<ProducerRecord<String, String>> inputs = new ArrayList<>();
  // recent event times: records older than the broker's retention (7 days) would be deleted
  private final long base = System.currentTimeMillis() - 3_600_000L;

  public ExactlyOnceCheck(int partitions) {
    this.partitions = partitions;
  }

  /** {@code count} records over {@code keys} keys; event time advances 10 ms per record. */
  public List<ProducerRecord<String, String>> generate(int count, int keys, long seed) {
    Random random = new Random(seed);
    long start = base + inputs.size() * 10L;
    List<ProducerRecord<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "k" + random.nextInt(keys);
      String id = "id" + (inputs.size() + i);
      batch.add(new ProducerRecord<>("unused", null, start + i * 10L, key, id));
    }
    inputs.addAll(batch);
    return batch;
  }

  private int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** How many output records the reference expects (one per input plus due timers). */
  public int expectedOutputs() {
    return inputs.size() + expectedTimers().size();
  }

  private TreeSet<String> expectedTimers() {
    Map<Integer, Long> maxTs = new HashMap<>();
    for (ProducerRecord<String, String> r : inputs) {
      maxTs.merge(partitionOf(r.key()), r.timestamp(), Math::max);
    }
    TreeSet<String> timers = new TreeSet<>();
    for (ProducerRecord<String, String> r : inputs) {
      long end = CheckingProcessor.bucketEnd(r.timestamp());
      if (end <= maxTs.get(partitionOf(r.key()))) {
        timers.add(r.key() + "|timer|" + end);
      }
    }
    return timers;
  }

  /** Asserts that the output is exactly the reference: nothing lost, nothing doubled. */
  public void verify(List<ConsumerRecord<String, String>> outputs) {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (ProducerRecord<String, String> r : inputs) {
      int n = counts.merge(r.key(), 1, Integer::sum);
      expected.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.key() + "|" + n + "|" + r.value());
    }
    Map<String, List<String>> actual = new LinkedHashMap<>();
    List<String> timers = new ArrayList<>();
    for (ConsumerRecord<String, String> r : outputs) {
      if (r.value().contains("|timer|")) {
        timers.add(r.value());
      } else {
        actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      }
    }
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      assertThat(actual.get(e.getKey())).as("outputs of key %s", e.getKey())
          .containsExactlyElementsOf(e.getValue());
    }
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(timers).as("timer firings").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedTimers());
  }

  /** The reference count per key. */
  public Map<String, Long> expectedCounts() {
    Map<String, Long> counts = new HashMap<>();
    inputs.forEach(r -> counts.merge(r.key(), 1L, Long::sum));
    return counts;
  }
}
