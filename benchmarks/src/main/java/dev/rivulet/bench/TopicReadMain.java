package dev.rivulet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The restore baseline, in its own JVM: a raw consumer reading a whole topic (all partitions,
 * {@code read_committed}, 10,000 records per poll, as Rivulet's restore consumer) from the
 * beginning to the end offsets, touching every key and value. Prints
 * {@code READ <records> <ms> <bytes>}, timed from the moment the end offsets are known (as a
 * store's restore is timed from {@code onRestoreStart}) to the end. Args: bootstrap topic.
 */
public final class TopicReadMain {
  private TopicReadMain() {}

  public static void main(String[] args) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    ContenderMain.say("STARTED");
    long start = 0;
    long records = 0;
    long bytes = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = new ArrayList<>();
      c.partitionsFor(args[1]).forEach(i -> tps.add(new TopicPartition(args[1], i.partition())));
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      start = System.nanoTime(); // connected, offsets known: like a restore at onRestoreStart
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          records++;
          bytes += r.key().length + (r.value() == null ? 0 : r.value().length);
        }
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    ContenderMain.say("READ " + records + " " + ms + " " + bytes);
    ChildJvm.awaitStopRequest(); // the harness reads this JVM's CPU first
    System.exit(0);
  }
}
