package dev.rivulet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Admin and read-back helpers the run and the checker use; plain Kafka clients only. */
final class Topics {
  private final BrokerCluster broker;

  Topics(BrokerCluster broker) {
    this.broker = broker;
  }

  /** Creates topics and waits until every partition has a leader. */
  void create(Map<String, Integer> partitions, Map<String, Map<String, String>> configs)
      throws Exception {
    try (Admin admin = broker.admin()) {
      List<NewTopic> list = new ArrayList<>();
      partitions.forEach((t, n) -> list.add(new NewTopic(t, n, (short) Math.min(3, broker.size()))
          .configs(configs.getOrDefault(t, Map.of()))));
      admin.createTopics(list).all().get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        var described = admin.describeTopics(partitions.keySet()).allTopicNames().get();
        boolean ready = described.values().stream().allMatch(d ->
            d.partitions().size() == partitions.get(d.name())
                && d.partitions().stream().allMatch(p -> p.leader() != null
                    && !p.leader().isEmpty()));
        if (ready) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Partitions without leader: " + described);
        }
        Thread.sleep(100);
      }
    }
  }

  List<TopicPartition> partitions(String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().size();
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      return tps;
    }
  }

  /** End offsets per partition: the high watermark, or the last stable offset (LSO). */
  Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel level) throws Exception {
    Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
    partitions(topic).forEach(tp -> spec.put(tp, OffsetSpec.latest()));
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, Long> out = new HashMap<>();
      admin.listOffsets(spec, new ListOffsetsOptions(level)).all().get()
          .forEach((tp, r) -> out.put(tp, r.offset()));
      return out;
    }
  }

  /** The group's committed offsets (missing partitions map to 0). */
  Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> all =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> out = new HashMap<>();
      for (TopicPartition tp : partitions(topic)) {
        OffsetAndMetadata o = all.get(tp);
        out.put(tp, o == null ? 0L : o.offset());
      }
      return out;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot read offsets of group " + group, e);
    }
  }

  /** Every record of a topic up to its end, read_committed (or not), in partition order. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, IsolationLevel level)
      throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, level.toString());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = partitions(topic);
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading " + topic + " takes over 10 minutes");
        }
      }
    }
    out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(),
        b.partition()) : Long.compare(a.offset(), b.offset()));
    return out;
  }

  /**
   * Per partition, the offset after the last record a read_committed consumer sees (0 if none):
   * what a caught-up consumer of a transactional topic has committed.
   */
  Map<TopicPartition, Long> afterLastCommittedRecord(String topic) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<TopicPartition, Long> out = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      for (TopicPartition tp : partitions(topic)) {
        c.assign(List.of(tp));
        long end = c.endOffsets(List.of(tp)).get(tp);
        long begin = c.beginningOffsets(List.of(tp)).get(tp);
        long from = end;
        long last = -1;
        while (last < 0 && from > begin) {
          from = Math.max(begin, from - 5_000);
          c.seek(tp, from);
          while (c.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
              last = Math.max(last, r.offset());
            }
          }
          end = from;
        }
        out.put(tp, last + 1);
      }
    }
    return out;
  }
}
