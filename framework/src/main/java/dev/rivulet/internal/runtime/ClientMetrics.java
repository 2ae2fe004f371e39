package dev.rivulet.internal.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Kafka's own metrics of the runtime's consumers and producers, published to the runtime's
 * meter registry as {@code kafka.consumer.*} and {@code kafka.producer.*} meters (Micrometer's
 * {@link KafkaClientMetrics}) tagged with the worker thread, the client's role
 * ({@link dev.rivulet.api.runtime.RivuletMetricNames#CLIENT_TAG}) and Kafka's {@code client.id};
 * {@link dev.rivulet.api.runtime.RivuletMetricNames#kafkaClients()} renames them to
 * {@code rivulet.kafka.*}. A
 * producer replaced after a fence is bound anew; {@link #close()} removes every meter.
 * Thread-safe.
 */
final class ClientMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<KafkaClientMetrics> bound = new CopyOnWriteArrayList<>();
  /** The current producer's metrics by worker: a replaced producer's meters are removed. */
  private final Map<Tags, KafkaClientMetrics> producers = new ConcurrentHashMap<>();

  ClientMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void bind(Consumer<?, ?> consumer, Tags tags) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, tags);
    metrics.bindTo(registry);
    bound.add(metrics);
  }

  /** Producers made by {@code factory}, each bound as it is made. */
  <K, V> Supplier<Producer<K, V>> binding(Supplier<Producer<K, V>> factory, Tags tags) {
    return () -> {
      Producer<K, V> producer = factory.get();
      KafkaClientMetrics metrics = new KafkaClientMetrics(producer, tags);
      metrics.bindTo(registry);
      KafkaClientMetrics replaced = producers.put(tags, metrics);
      if (replaced != null) {
        replaced.close();
      }
      return producer;
    };
  }

  @Override
  public void close() {
    bound.forEach(KafkaClientMetrics::close);
    bound.clear();
    producers.values().forEach(KafkaClientMetrics::close);
    producers.clear();
  }
}
