package dev.rivulet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Admin-side operations of the harness on the benchmark broker: topics, end offsets, committed
 * offsets, output counts. One admin client, reused; not thread-safe.
 */
final class KafkaOps implements AutoCloseable {
  private final String bootstrap;
  private final Admin admin;

  KafkaOps(String bootstrap) {
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  String bootstrap() {
    return bootstrap;
  }

  /** Creates topics and waits until every partition has a leader (produce only after that). */
  void createTopics(int partitions, Map<String, String> configs, String... topics) {
    List<NewTopic> list = new ArrayList<>();
    for (String t : topics) {
      list.add(new NewTopic(t, partitions, (short) 1).configs(configs));
    }
    for (int attempt = 1; ; attempt++) {
      try {
        get(() -> admin.createTopics(list).all().get());
        break;
      } catch (IllegalStateException e) {
        // right after deletions the controller can briefly answer with a retriable error
        if (attempt >= 10 || !(e.getCause() instanceof RetriableException)) {
          throw e;
        }
        ChildJvm.sleep(Duration.ofMillis(500));
        List<String> existing = List.copyOf(get(() -> admin.listTopics().names().get()));
        list.removeIf(t -> existing.contains(t.name()));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      boolean ready;
      try {
        var described = get(() -> admin.describeTopics(List.of(topics)).allTopicNames().get());
        ready = described.values().stream().allMatch(d -> d.partitions().size() == partitions
            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (ready) {
          // the leader's log exists only once it answers for the partition itself
          for (String t : topics) {
            endOffsets(t, IsolationLevel.READ_UNCOMMITTED);
          }
        }
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw e;
        }
        ready = false; // metadata of the new topic not propagated yet
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Partitions of " + List.of(topics) + " have no leader");
      }
      ChildJvm.sleep(Duration.ofMillis(50));
    }
  }

  /** Deletes one topic (the broker frees its log). */
  void deleteTopic(String topic) {
    get(() -> admin.deleteTopics(List.of(topic)).all().get());
  }

  /** Deletes every topic whose name starts with {@code prefix}. */
  void deleteTopicsStartingWith(String prefix) {
    List<String> doomed = get(() -> admin.listTopics().names().get()).stream()
        .filter(t -> t.startsWith(prefix)).toList();
    if (!doomed.isEmpty()) {
      get(() -> admin.deleteTopics(doomed).all().get());
    }
  }

  /** Log end offset of every partition of a topic. */
  Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation) {
    int partitions = get(() -> admin.describeTopics(List.of(topic)).allTopicNames().get())
        .get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      spec.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    get(() -> admin.listOffsets(spec, new ListOffsetsOptions(isolation)).all().get())
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /** Sum of a topic's log end offsets. */
  long endOffsetSum(String topic) {
    return endOffsets(topic, IsolationLevel.READ_UNCOMMITTED).values().stream()
        .mapToLong(Long::longValue).sum();
  }

  /** The group's committed offsets of {@code topic}, summed over partitions (0 if none). */
  long committedSum(String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Number of records of a topic visible to a {@code read_committed} consumer. */
  long countCommitted(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<TopicPartition, Long> end = endOffsets(topic, IsolationLevel.READ_COMMITTED);
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = new ArrayList<>(end.keySet());
      c.assign(tps);
      c.seekToBeginning(tps);
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        count += records.count();
      }
    }
    return count;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  private interface Call<T> {
    T run() throws InterruptedException, ExecutionException;
  }

  private static <T> T get(Call<T> call) {
    try {
      return call.run();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().toString(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
