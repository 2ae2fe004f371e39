package dev.rivulet.sample.monitoring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Test support: reads every committed record of a topic ({@code read_committed}, from the
 * beginning, duplicates included) with a consumer of its own. Not thread-safe.
 */
public final class TopicReader<V> implements AutoCloseable {
  private final KafkaConsumer<String, V> consumer;
  private final List<TopicPartition> partitions;
  private final List<V> values = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic, Deserializer<V> deserializer) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), deserializer);
    partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what is there now and returns every value read so far. */
  public List<V> poll() {
    for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
      values.add(r.value());
    }
    return List.copyOf(values);
  }

  /** Reads up to the current end (last stable offset) of every partition. */
  public List<V> readToEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      poll();
      return end.entrySet().stream()
          .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    });
    return List.copyOf(values);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
