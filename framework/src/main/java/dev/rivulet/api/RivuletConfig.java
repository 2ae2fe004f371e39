package dev.rivulet.api;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validated runtime configuration; produced by {@link RivuletBuilder}.
 *
 * @param applicationId consumer group id and prefix of internal topics
 * @param bootstrapServers Kafka bootstrap servers
 * @param instanceId stable name of this instance for Kafka static membership; null for dynamic
 *     membership
 * @param kafkaProperties extra client properties applied to every client (security, timeouts)
 * @param consumerProperties client properties of Rivulet's consumers, over {@code kafkaProperties}
 * @param producerProperties client properties of Rivulet's producers, over {@code kafkaProperties}
 * @param threads worker threads
 * @param guarantee default processing guarantee
 * @param commitInterval how often a transaction (or offset commit) is made
 * @param stateDir directory of the instance's RocksDB and instance id
 * @param blockCacheBytes RocksDB block cache shared by all stores of the instance
 * @param writeBufferBytes RocksDB memtable budget shared by all stores of the instance
 * @param stateCacheBytes heap cache of committed state rows, split between worker threads
 *     (0 disables it)
 * @param startupTimeout how long start() waits for the broker
 * @param createTopics whether missing changelog/dead-letter topics are created
 * @param replicationFactor replication of created topics; -1 for the broker default
 * @param processors the processors
 * @param listeners callbacks
 * @param meterRegistry where metrics go
 */
public record RivuletConfig(
    String applicationId,
    String bootstrapServers,
    @Nullable String instanceId,
    Map<String, Object> kafkaProperties,
    Map<String, Object> consumerProperties,
    Map<String, Object> producerProperties,
    int threads,
    ProcessingGuarantee guarantee,
    Duration commitInterval,
    Path stateDir,
    long blockCacheBytes,
    long writeBufferBytes,
    long stateCacheBytes,
    Duration startupTimeout,
    boolean createTopics,
    short replicationFactor,
    List<ProcessorDefinition<?, ?, ?>> processors,
    List<RivuletListener> listeners,
    MeterRegistry meterRegistry) {

  public RivuletConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    consumerProperties = Map.copyOf(consumerProperties);
    producerProperties = Map.copyOf(producerProperties);
    processors = List.copyOf(processors);
    listeners = List.copyOf(listeners);
  }
}
