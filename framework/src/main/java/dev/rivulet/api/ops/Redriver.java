package dev.rivulet.api.ops;

import dev.rivulet.api.RivuletException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/** The redrive loop: read the DLQ to its end, republish matches, one transaction per batch. */
final class Redriver {
  private static final String DLQ = "rivulet.dlq.";

  /** Options, see {@link dev.rivulet.api.ops.DeadLetterRedrive.Builder}. */
  public record Options(String bootstrapServers, String deadLetterTopic,
      Map<String, Object> kafkaProperties, @Nullable String processorId,
      @Nullable String exceptionClass, @Nullable Instant from, @Nullable Instant to,
      @Nullable String target, boolean fromBeginning, Duration timeout) {

    /** Names the client properties without their values, which may hold secrets. */
    @Override
    public String toString() {
      return "Options[bootstrapServers=" + bootstrapServers + ", deadLetterTopic="
          + deadLetterTopic + ", kafkaProperties=" + new TreeSet<>(kafkaProperties.keySet())
          + ", processorId=" + processorId + ", exceptionClass=" + exceptionClass + ", from="
          + from + ", to=" + to + ", target=" + target + ", fromBeginning=" + fromBeginning
          + ", timeout=" + timeout + "]";
    }
  }

  private final Options options;
  private final String group;

  public Redriver(Options options) {
    this.options = options;
    this.group = options.deadLetterTopic() + "-redrive";
  }

  /** Returns {republished, passedOver}. */
  public long[] run() {
    long republished = 0;
    long passedOver = 0;
    long deadline = System.nanoTime() + options.timeout().toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps());
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
      producer.initTransactions();
      List<TopicPartition> partitions = consumer.partitionsFor(options.deadLetterTopic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new java.util.HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata at = committed.get(tp);
        if (options.fromBeginning() || at == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, at.offset());
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      ConsumerGroupMetadata groupMetadata = new ConsumerGroupMetadata(group);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new RivuletException("Redrive of " + options.deadLetterTopic()
              + " timed out; " + republished + " records were republished and committed");
        }
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        producer.beginTransaction();
        long batch = 0;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= end.get(tp)) {
            continue;
          }
          offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
          if (matches(r)) {
            producer.send(republish(r));
            batch++;
          } else {
            passedOver++;
          }
        }
        if (offsets.isEmpty()) {
          producer.abortTransaction();
          continue;
        }
        producer.sendOffsetsToTransaction(offsets, groupMetadata);
        producer.commitTransaction();
        republished += batch;
      }
    } catch (KafkaException e) {
      throw new RivuletException("Redrive of " + options.deadLetterTopic() + " failed after "
          + republished + " committed records: " + e, e);
    }
    return new long[] {republished, passedOver};
  }

  private boolean matches(ConsumerRecord<byte[], byte[]> r) {
    if (header(r, "truncated") != null) {
      return false; // cut to fit the dead-letter topic: republishing it would corrupt the input
    }
    if (options.processorId() != null
        && !options.processorId().equals(header(r, "processor"))) {
      return false;
    }
    if (options.exceptionClass() != null
        && !options.exceptionClass().equals(header(r, "exception"))) {
      return false;
    }
    String failedAt = header(r, "failed-at");
    if (failedAt != null && (options.from() != null || options.to() != null)) {
      Instant at = Instant.ofEpochMilli(Long.parseLong(failedAt));
      if (options.from() != null && at.isBefore(options.from())) {
        return false;
      }
      if (options.to() != null && !at.isBefore(options.to())) {
        return false;
      }
    }
    return options.target() != null || header(r, "topic") != null;
  }

  private ProducerRecord<byte[], byte[]> republish(ConsumerRecord<byte[], byte[]> r) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : r.headers()) {
      if (!h.key().startsWith(DLQ)) {
        headers.add(h);
      }
    }
    headers.add("rivulet.redriven-from", (r.topic() + "-" + r.partition() + "@" + r.offset())
        .getBytes(StandardCharsets.UTF_8));
    String topic = options.target() != null ? options.target() : header(r, "topic");
    return new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), headers);
  }

  private static @Nullable String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(DLQ + name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private Map<String, Object> consumerProps() {
    Map<String, Object> p = new HashMap<>(options.kafkaProperties());
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  private Map<String, Object> producerProps() {
    Map<String, Object> p = new HashMap<>(options.kafkaProperties());
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-tx");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }
}
