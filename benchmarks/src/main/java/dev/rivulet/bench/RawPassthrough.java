package dev.rivulet.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * The floor: a hand-written consume → produce loop on one thread with no state. Every commit
 * interval it either flushes the producer and commits offsets (at-least-once) or sends the offsets
 * to the open transaction and commits it (exactly-once v2). Client settings are Rivulet's client
 * defaults (linger 5 ms, 64 KiB batches, lz4, acks=all, idempotence, 1000 records per poll), so
 * the difference to Rivulet is the framework, not the client tuning.
 *
 * <p>{@code raw-eos-changelog} also sends, in the same transaction, one record per input to a
 * compacted second topic ({@code <output>-changelog}, created here): the input's key and an
 * 8-byte counter, the size of a count's changelog record. It keeps no state. Any design that
 * mirrors every state update to a changelog (Kafka Streams and Rivulet with their caches off)
 * pays at least this much.
 */
final class RawPassthrough implements ContenderMain.Running, Runnable {
  private final ContenderArgs args;
  private final boolean eos;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final @Nullable String changelog;
  private long updates;
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private boolean inTransaction;

  private RawPassthrough(ContenderArgs args) {
    this.args = args;
    this.eos = args.contender().exactlyOnce();
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, args.appId());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, eos ? "read_committed" : "read_uncommitted");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.putAll(args.kafkaProperties());
    consumer = new KafkaConsumer<>(c);
    changelog = args.contender() == Contender.RAW_EOS_CHANGELOG ? createChangelog() : null;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    if (eos) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, args.appId() + "-tx");
    }
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putAll(args.kafkaProperties());
    producer = new KafkaProducer<>(p);
    if (eos) {
      producer.initTransactions();
    }
    thread = new Thread(this, "passthrough");
  }

  private String createChangelog() {
    String topic = args.output() + "-changelog";
    int partitions = consumer.partitionsFor(args.input()).size();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        args.bootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create " + topic, e.getCause());
    }
    return topic;
  }

  static RawPassthrough start(ContenderArgs args) {
    RawPassthrough raw = new RawPassthrough(args);
    raw.thread.start();
    return raw;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(args.input()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          commit();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          ContenderMain.say("TASKS_RUNNING 0 0 0");
        }
      });
      long interval = Duration.ofMillis(args.commitMs()).toNanos();
      long lastCommit = System.nanoTime();
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (eos && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          producer.send(new ProducerRecord<>(args.output(), null, r.timestamp(), r.key(),
              r.value()));
          if (changelog != null) {
            producer.send(new ProducerRecord<>(changelog, r.partition(), r.timestamp(), r.key(),
                ByteBuffer.allocate(Long.BYTES).putLong(++updates).array()));
          }
          offsets.put(new TopicPartition(r.topic(), r.partition()),
              new OffsetAndMetadata(r.offset() + 1));
        }
        if (System.nanoTime() - lastCommit >= interval) {
          commit();
          lastCommit = System.nanoTime();
        }
      }
      commit();
    } catch (WakeupException e) {
      commit();
    } catch (RuntimeException e) {
      ContenderMain.fail("passthrough", e);
    }
  }

  private void commit() {
    if (offsets.isEmpty()) {
      return;
    }
    if (eos) {
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
      inTransaction = false;
    } else {
      producer.flush();
      consumer.commitSync(offsets);
    }
    offsets.clear();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
    consumer.close(Duration.ofSeconds(10));
  }
}
