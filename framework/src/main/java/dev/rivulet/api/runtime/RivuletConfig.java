package dev.rivulet.api.runtime;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.ProcessorDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validated runtime configuration, produced by {@link RivuletBuilder#config()}. Immutable and
 * thread-safe. A class rather than a record, so that an option added later breaks no caller.
 * Applications configure through {@link RivuletBuilder}; this type is public only because it is
 * what the {@link RivuletRuntimeFactory} hands the runtime implementation.
 */
public final class RivuletConfig {
  private final String applicationId;
  private final String bootstrapServers;
  private final @Nullable String instanceId;
  private final @Nullable String advertisedUrl;
  private final Map<String, Object> kafkaProperties;
  private final Map<String, Object> consumerProperties;
  private final Map<String, Object> producerProperties;
  private final int threads;
  private final int standbyReplicas;
  private final long acceptableRecoveryLag;
  private final Duration probingRebalanceInterval;
  private final ProcessingGuarantee guarantee;
  private final Duration commitInterval;
  private final Path stateDir;
  private final long blockCacheBytes;
  private final long writeBufferBytes;
  private final long stateCacheBytes;
  private final Duration startupTimeout;
  private final boolean createTopics;
  private final boolean fenceAbandonedTransactions;
  private final short replicationFactor;
  private final List<ProcessorDefinition<?, ?, ?>> processors;
  private final List<RivuletListener> listeners;
  private final MeterRegistry meterRegistry;

  /** Called by {@link RivuletBuilder#config()} only, with validated values. */
  RivuletConfig(
      String applicationId,
      String bootstrapServers,
      @Nullable String instanceId,
      @Nullable String advertisedUrl,
      Map<String, Object> kafkaProperties,
      Map<String, Object> consumerProperties,
      Map<String, Object> producerProperties,
      int threads,
      int standbyReplicas,
      long acceptableRecoveryLag,
      Duration probingRebalanceInterval,
      ProcessingGuarantee guarantee,
      Duration commitInterval,
      Path stateDir,
      long blockCacheBytes,
      long writeBufferBytes,
      long stateCacheBytes,
      Duration startupTimeout,
      boolean createTopics,
      boolean fenceAbandonedTransactions,
      short replicationFactor,
      List<ProcessorDefinition<?, ?, ?>> processors,
      List<RivuletListener> listeners,
      MeterRegistry meterRegistry) {
    this.applicationId = applicationId;
    this.bootstrapServers = bootstrapServers;
    this.instanceId = instanceId;
    this.advertisedUrl = advertisedUrl;
    this.kafkaProperties = Map.copyOf(kafkaProperties);
    this.consumerProperties = Map.copyOf(consumerProperties);
    this.producerProperties = Map.copyOf(producerProperties);
    this.threads = threads;
    this.standbyReplicas = standbyReplicas;
    this.acceptableRecoveryLag = acceptableRecoveryLag;
    this.probingRebalanceInterval = probingRebalanceInterval;
    this.guarantee = guarantee;
    this.commitInterval = commitInterval;
    this.stateDir = stateDir;
    this.blockCacheBytes = blockCacheBytes;
    this.writeBufferBytes = writeBufferBytes;
    this.stateCacheBytes = stateCacheBytes;
    this.startupTimeout = startupTimeout;
    this.createTopics = createTopics;
    this.fenceAbandonedTransactions = fenceAbandonedTransactions;
    this.replicationFactor = replicationFactor;
    this.processors = List.copyOf(processors);
    this.listeners = List.copyOf(listeners);
    this.meterRegistry = meterRegistry;
  }

  /** Consumer group id and prefix of internal topics. */
  public String applicationId() {
    return applicationId;
  }

  /** Kafka bootstrap servers. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stable name of this instance for Kafka static membership; null for dynamic membership. */
  public @Nullable String instanceId() {
    return instanceId;
  }

  /** URL other instances reach this one at for routed queries; null if not advertised. */
  public @Nullable String advertisedUrl() {
    return advertisedUrl;
  }

  /** Extra client properties applied to every client (security, timeouts). */
  public Map<String, Object> kafkaProperties() {
    return kafkaProperties;
  }

  /** Client properties of Rivulet's consumers, over {@code kafkaProperties}. */
  public Map<String, Object> consumerProperties() {
    return consumerProperties;
  }

  /** Client properties of Rivulet's producers, over {@code kafkaProperties}. */
  public Map<String, Object> producerProperties() {
    return producerProperties;
  }

  /** Worker threads. */
  public int threads() {
    return threads;
  }

  /** Standby replicas per task on other instances. */
  public int standbyReplicas() {
    return standbyReplicas;
  }

  /** Changelog records a warm-up may lag before its task moves to it; -1: no warm-up. */
  public long acceptableRecoveryLag() {
    return acceptableRecoveryLag;
  }

  /** How often an instance with warm-up replicas asks for a rebalance. */
  public Duration probingRebalanceInterval() {
    return probingRebalanceInterval;
  }

  /** Default processing guarantee. */
  public ProcessingGuarantee guarantee() {
    return guarantee;
  }

  /** How often a transaction (or offset commit) is made. */
  public Duration commitInterval() {
    return commitInterval;
  }

  /** Directory of the instance's RocksDB and instance id. */
  public Path stateDir() {
    return stateDir;
  }

  /** RocksDB block cache shared by all stores of the instance. */
  public long blockCacheBytes() {
    return blockCacheBytes;
  }

  /** RocksDB memtable budget shared by all stores of the instance. */
  public long writeBufferBytes() {
    return writeBufferBytes;
  }

  /** Heap cache of committed state rows, split between worker threads (0 disables it). */
  public long stateCacheBytes() {
    return stateCacheBytes;
  }

  /** How long start() waits for the broker. */
  public Duration startupTimeout() {
    return startupTimeout;
  }

  /** Whether missing changelog/dead-letter topics are created. */
  public boolean createTopics() {
    return createTopics;
  }

  /**
   * Whether the group's leader fences the transactional ids of instances that left the group
   * with a transaction open, aborting it at once (exactly-once only).
   */
  public boolean fenceAbandonedTransactions() {
    return fenceAbandonedTransactions;
  }

  /** Replication of created topics; -1 for the broker default. */
  public short replicationFactor() {
    return replicationFactor;
  }

  /** The processors. */
  public List<ProcessorDefinition<?, ?, ?>> processors() {
    return processors;
  }

  /** Callbacks. */
  public List<RivuletListener> listeners() {
    return listeners;
  }

  /** Where metrics go. */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }
}
