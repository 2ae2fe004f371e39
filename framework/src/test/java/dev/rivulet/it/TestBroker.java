package dev.rivulet.it;

import dev.rivulet.broker.KraftBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One real in-process KRaft broker shared by every integration test of this JVM. */
public final class TestBroker {
  private static KraftBroker broker;

  private TestBroker() {}

  public static synchronized String bootstrap() {
    if (broker == null) {
      // replication factors 1 and no rebalance delay come with KraftBroker.SINGLE_NODE
      broker = KraftBroker.start(Map.of(
          // as in Kafka's default: Rivulet's clients must never create a topic by accident
          "auto.create.topics.enable", "true",
          "log.cleaner.enable", "true"));
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return broker.bootstrapServers();
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  public static void createTopics(int partitions, String... topics) {
    try (Admin admin = admin()) {
      List<NewTopic> list = new ArrayList<>();
      for (String t : topics) {
        list.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(list).all().get();
      // produce only once every partition has a leader: an early first batch can otherwise be
      // rejected while later ones land, leaving the idempotent producer out of sequence
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        boolean ready;
        try {
          var described = admin.describeTopics(List.of(topics)).allTopicNames().get();
          ready = described.values().stream().allMatch(d -> d.partitions().size() == partitions
              && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException notYetVisible) {
          ready = false;
        }
        if (ready || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return new KafkaProducer<>(p);
  }

  /** Produces (key, value, timestamp) records and waits for all acks. */
  public static void produce(String topic, List<ProducerRecord<String, String>> records) {
    try (KafkaProducer<String, String> producer = producer()) {
      for (ProducerRecord<String, String> r : records) {
        producer.send(new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(), r.value(),
            r.headers()));
      }
      producer.flush();
    }
  }

  /** {last stable offset, log end offset} of partition 0 of a topic. */
  public static long[] stableAndEnd(String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    Map<TopicPartition, OffsetSpec> latest = Map.of(tp, OffsetSpec.latest());
    try (Admin admin = admin()) {
      long stable = admin.listOffsets(latest,
          new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(tp).offset();
      long end = admin.listOffsets(latest).all().get().get(tp).offset();
      return new long[] {stable, end};
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether partition 0 of a topic has a transaction open (last stable offset below its end). */
  public static boolean openTransaction(String topic) {
    long[] offsets = stableAndEnd(topic);
    return offsets[0] < offsets[1];
  }

  /** Waits until no transaction is open on the topic (last stable offset = log end). */
  public static void awaitNoOpenTransactions(String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().size();
      Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        spec.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      while (true) {
        var committed = admin.listOffsets(spec,
            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        var all = admin.listOffsets(spec,
            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        boolean stable = spec.keySet().stream()
            .allMatch(tp -> committed.get(tp).offset() == all.get(tp).offset());
        if (stable) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Transactions still open on " + topic);
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every read_committed record of a topic, from the beginning to the last stable offset. */
  public static List<ConsumerRecord<String, String>> readCommitted(String topic) {
    return readCommitted(topic, new StringDeserializer(), new StringDeserializer());
  }

  /** Like {@link #readCommitted(String)} with the given deserializers; empty if no such topic. */
  public static <K, V> List<ConsumerRecord<K, V>> readCommitted(String topic,
      Deserializer<K> keys, Deserializer<V> values) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> c = new KafkaConsumer<>(p, keys, values)) {
      if (!c.listTopics().containsKey(topic)) {
        return out;
      }
      List<TopicPartition> tps = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** The group's committed offsets of a topic, summed over partitions. */
  public static long committedOffsets(String group, String topic) {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
          .mapToLong(e -> e.getValue().offset()).sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sum of the log end offsets of a topic. */
  public static long endOffsets(String topic) {
    try (Admin admin = admin()) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().size();
      Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        spec.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(spec).all().get().values().stream()
          .mapToLong(r -> r.offset()).sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
