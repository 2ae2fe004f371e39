package dev.rivulet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an output topic {@code read_committed} from its end on its own thread and measures, per
 * partition, the gaps between consecutive polls that returned outputs of that partition (under
 * exactly-once, outputs become visible a transaction at a time: with a 100 ms commit interval a
 * flowing partition shows a gap of about 100-200 ms). A phase ({@link #beginPhase} to
 * {@link #endPhase}) reports its longest gap: gaps that end within it, and gaps still open at its
 * end. Thread-safe.
 */
final class PartitionGapMonitor implements AutoCloseable {
  /**
   * The longest gap of a phase: its length, the partition, when it ended (wall clock, ms; to
   * find it in the instances' logs), and every partition's longest.
   */
  record PhaseGaps(long maxGapMs, int partition, long endedAtMillis, long[] perPartitionMs) {}

  private final Thread thread;
  private final long[] lastSeen;
  private final long[] phaseMax;
  /** Per partition: when its longest gap of the phase ended (wall clock, ms). */
  private final long[] phaseMaxEnded;
  private volatile boolean stop;
  private volatile boolean started;

  private PartitionGapMonitor(String bootstrap, String topic, int partitions) {
    lastSeen = new long[partitions];
    phaseMax = new long[partitions];
    phaseMaxEnded = new long[partitions];
    thread = new Thread(() -> run(bootstrap, topic), "gap-monitor");
  }

  /** Starts reading at the current end of {@code topic}; returns once positioned. */
  static PartitionGapMonitor start(String bootstrap, String topic, int partitions) {
    PartitionGapMonitor m = new PartitionGapMonitor(bootstrap, topic, partitions);
    m.thread.setDaemon(true);
    m.thread.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!m.started && System.nanoTime() < deadline) {
      ChildJvm.sleep(Duration.ofMillis(10));
    }
    return m;
  }

  private void run(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < lastSeen.length; i++) {
        tps.add(new TopicPartition(topic, i));
      }
      c.assign(tps);
      c.seekToEnd(tps);
      tps.forEach(c::position); // resolve the end now, not at the first poll
      synchronized (this) {
        Arrays.fill(lastSeen, System.nanoTime());
      }
      started = true;
      while (!stop) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(20));
        long now = System.nanoTime();
        synchronized (this) {
          for (TopicPartition tp : records.partitions()) {
            int i = tp.partition();
            if (now - lastSeen[i] > phaseMax[i]) {
              phaseMax[i] = now - lastSeen[i];
              phaseMaxEnded[i] = System.currentTimeMillis();
            }
            lastSeen[i] = now;
          }
        }
      }
    }
  }

  /** Starts a phase: forgets the longest gaps seen so far (open gaps count in the new phase). */
  synchronized void beginPhase() {
    Arrays.fill(phaseMax, 0);
  }

  /** The phase's longest gaps, open gaps included. */
  synchronized PhaseGaps endPhase() {
    long now = System.nanoTime();
    long[] perPartition = new long[phaseMax.length];
    long[] ended = new long[phaseMax.length];
    int worst = 0;
    for (int i = 0; i < phaseMax.length; i++) {
      boolean open = now - lastSeen[i] > phaseMax[i];
      perPartition[i] = (open ? now - lastSeen[i] : phaseMax[i]) / 1_000_000;
      ended[i] = open ? System.currentTimeMillis() : phaseMaxEnded[i];
      if (perPartition[i] > perPartition[worst]) {
        worst = i;
      }
    }
    return new PhaseGaps(perPartition[worst], worst, ended[worst], perPartition);
  }

  /** Whether every partition had an output at or after {@code nanoTime}. */
  synchronized boolean allFlowingSince(long nanoTime) {
    return Arrays.stream(lastSeen).allMatch(t -> t >= nanoTime);
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
