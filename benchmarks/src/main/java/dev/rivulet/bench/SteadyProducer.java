package dev.rivulet.bench;

import java.time.Duration;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Input at a steady rate while instances come and go: keys uniform over {@code keys}, paced in
 * 1 ms steps on its own thread, from {@link #start} until {@link #close} (which flushes and
 * fails if a send failed). The rate never follows the contender: a stalled partition's input
 * piles up, as it would in production.
 */
final class SteadyProducer implements AutoCloseable {
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
  private volatile boolean stop;

  private SteadyProducer(String bootstrap, String topic, double rate, int keys, int valueBytes,
      long seed) {
    thread = new Thread(() -> run(bootstrap, topic, rate, keys, valueBytes, seed),
        "steady-producer");
  }

  static SteadyProducer start(String bootstrap, String topic, double rate, int keys,
      int valueBytes, long seed) {
    SteadyProducer p = new SteadyProducer(bootstrap, topic, rate, keys, valueBytes, seed);
    p.thread.start();
    return p;
  }

  private void run(String bootstrap, String topic, double rate, int keys, int valueBytes,
      long seed) {
    Properties p = InputLoader.producerProps(bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    KeyDistribution distribution = KeyDistribution.uniform(keys, seed);
    byte[] value = new byte[valueBytes];
    new SplittableRandom(seed).nextBytes(value);
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      while (!stop) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (sent.get() < due) {
          producer.send(new ProducerRecord<>(topic, KeyDistribution.key(distribution.next()),
              value), (md, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          sent.incrementAndGet();
        }
        ChildJvm.sleep(Duration.ofMillis(1));
      }
      producer.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Steady input failed", failure.get());
    }
  }
}
