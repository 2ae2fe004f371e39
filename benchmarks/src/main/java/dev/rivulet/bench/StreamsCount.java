package dev.rivulet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Kafka Streams count per key into a RocksDB store, one output per input (record cache off), one
 * stream thread, the given commit interval; everything else at Kafka Streams' defaults.
 */
final class StreamsCount implements ContenderMain.Running {
  static final String STORE = "count";

  private final KafkaStreams streams;

  private StreamsCount(ContenderArgs args) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(args.input(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .groupByKey()
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE))
        .toStream()
        .to(args.output(), Produced.with(Serdes.String(), Serdes.Long()));
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args.appId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args.contender().exactlyOnce()
        ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG,
        args.contender() == Contender.STREAMS_EOS_TX
            || args.contender() == Contender.STREAMS_EOS_TX_BOUNDED);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args.commitMs());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.STATE_DIR_CONFIG, args.stateDir().toString());
    if (args.sessionTimeoutMs() > 0) {
      p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), args.sessionTimeoutMs());
      p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"),
          Math.max(500, Math.min(1000, args.sessionTimeoutMs() / 6)));
    }
    if (args.standbyReplicas() >= 0) {
      p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, args.standbyReplicas());
    }
    if (args.acceptableRecoveryLag() != null) {
      p.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, args.acceptableRecoveryLag());
    }
    if (args.probingMs() > 0) {
      p.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, args.probingMs());
    }
    if (args.instanceId() != null) { // Kafka Streams appends "-<thread index>"
      p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          args.instanceId());
    }
    if (args.contender() == Contender.STREAMS_EOS_TX_BOUNDED) {
      p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStreamsMemory.class);
    }
    p.putAll(args.kafkaProperties()); // unprefixed: Kafka Streams gives them to every client
    streams = new KafkaStreams(builder.build(), p);
    long startNanos = System.nanoTime();
    AtomicLong firstRestore = new AtomicLong();
    AtomicLong lastRestore = new AtomicLong();
    AtomicLong restored = new AtomicLong();
    streams.setGlobalStateRestoreListener(new StateRestoreListener() {
      @Override
      public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
        firstRestore.compareAndSet(0, System.nanoTime());
      }

      @Override
      public void onBatchRestored(TopicPartition tp, String store, long end, long n) {}

      @Override
      public void onRestoreEnd(TopicPartition tp, String store, long total) {
        lastRestore.set(System.nanoTime());
        restored.addAndGet(total);
        ContenderMain.say("RESTORED " + tp.partition() + " " + store + " " + total);
      }

      @Override
      public void onRestoreSuspended(TopicPartition tp, String store, long total) {
        // a restoring task moved away (a rebalance): its restored records count as well
        restored.addAndGet(total);
        ContenderMain.say("RESTORED " + tp.partition() + " " + store + " " + total);
      }
    });
    AtomicBoolean announced = new AtomicBoolean();
    streams.setStateListener((to, from) -> {
      if (to == KafkaStreams.State.RUNNING && announced.compareAndSet(false, true)) {
        long now = System.nanoTime();
        long restoreMs = firstRestore.get() == 0 ? 0 : (lastRestore.get() - firstRestore.get())
            / 1_000_000;
        ContenderMain.say("TASKS_RUNNING " + (now - startNanos) / 1_000_000 + " " + restoreMs + " "
            + restored.get());
      } else if (to == KafkaStreams.State.ERROR) {
        ContenderMain.say("FATAL kafka streams in ERROR");
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      ContenderMain.fail("kafka streams", e);
      return null;
    });
  }

  static StreamsCount start(ContenderArgs args) {
    StreamsCount count = new StreamsCount(args);
    count.streams.start();
    if (args.reportAssignment()) {
      AssignmentReporter.start(count::assignment);
    }
    return count;
  }

  /**
   * Active tasks (possibly still restoring: the harness also waits for output from every
   * partition) and standby/warm-up tasks.
   */
  private AssignmentReporter.Assignment assignment() {
    List<Integer> active = new ArrayList<>();
    List<Integer> standby = new ArrayList<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      thread.activeTasks().forEach(t -> active.add(t.taskId().partition()));
      thread.standbyTasks().forEach(t -> standby.add(t.taskId().partition()));
    }
    return new AssignmentReporter.Assignment(active, standby);
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
