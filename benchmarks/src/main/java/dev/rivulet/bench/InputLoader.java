package dev.rivulet.bench;

import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Loads a benchmark input topic: {@code records} records with String keys drawn from a
 * {@link KeyDistribution} and random values of a fixed size, stamped with the current time (the
 * broker's 7-day retention would delete older records). Waits for every acknowledgement.
 */
final class InputLoader {
  private InputLoader() {}

  static Properties producerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a rejected first batch must not let later ones land first (idempotent sequence gaps)
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  /** Produces the records; returns the elapsed milliseconds. */
  static long load(String bootstrap, String topic, long records, KeyDistribution keys,
      int valueBytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    byte[][] values = new byte[1024][valueBytes];
    for (byte[] v : values) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (byte) ('a' + random.nextInt(26));
      }
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(bootstrap))) {
      for (long i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
            KeyDistribution.key(keys.next()), values[(int) (i & 1023)]), (md, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Loading " + topic + " failed", failure.get());
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  static Map<String, String> noConfigs() {
    return Map.of();
  }
}
