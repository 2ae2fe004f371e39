package dev.rivulet.sample.fraud;

import static org.awaitility.Awaitility.await;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.fraud.model.FraudAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Test support: reads every committed record of an alerts topic ({@code read_committed}, from the
 * beginning, duplicates included) with a consumer of its own. Not thread-safe.
 */
public final class AlertReader implements AutoCloseable {
  private final KafkaConsumer<String, FraudAlert> consumer;
  private final List<TopicPartition> partitions;
  private final List<FraudAlert> alerts = new ArrayList<>();

  public AlertReader(String bootstrapServers, String topic) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), RivuletSerdes.json(FraudAlert.class).deserializer());
    partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what is there now and returns every alert read so far. */
  public List<FraudAlert> poll() {
    for (ConsumerRecord<String, FraudAlert> r : consumer.poll(Duration.ofMillis(200))) {
      alerts.add(r.value());
    }
    return List.copyOf(alerts);
  }

  /** Reads up to the current end (last stable offset) of every partition. */
  public List<FraudAlert> readToEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      poll();
      return end.entrySet().stream()
          .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    });
    return List.copyOf(alerts);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
