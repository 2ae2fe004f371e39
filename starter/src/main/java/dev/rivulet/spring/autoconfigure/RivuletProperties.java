package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.ProcessingGuarantee;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the application's Rivulet runtime, bound to {@code rivulet.*}. Connection,
 * security and client settings come from {@code spring.kafka.*}; {@link #getKafkaProperties()}
 * overrides them for Rivulet's clients only.
 */
@ConfigurationProperties("rivulet")
public class RivuletProperties implements Validator {

  /**
   * Application id: the consumer group and the prefix of internal topics. Defaults to
   * spring.application.name.
   */
  private @Nullable String applicationId;

  /**
   * Stable name of this instance (for example the pod name of a StatefulSet). Set, it turns on
   * Kafka static membership: an instance back within session.timeout.ms keeps its partitions
   * without a rebalance; the partitions of a dead instance wait for the session timeout.
   */
  private @Nullable String instanceId;

  /**
   * URL at which the other instances reach this one for routed queries, for example
   * http://pod-0.my-app-headless:8080. Defaults, in a servlet web application, to
   * http://<local host name>:<server.port>; set it explicitly behind NAT, with a random
   * server.port (0) or when the host name does not resolve for the other instances.
   */
  private @Nullable String advertisedUrl;

  /** Whether the runtime starts with the application context. */
  private boolean autoStartup = true;

  /** Number of worker threads. */
  private int threads = 1;

  /**
   * Standby replicas per task: other instances keep each task's stores up to date from its
   * changelogs, so a task whose instance dies moves to one that replays only the tail. Each
   * replica costs the state's disk and memory again and a read of every changelog write.
   */
  private int standbyReplicas = 0;

  /**
   * Warm-up before hand-over: a task moves to an instance (scale-out) only once that instance's
   * copy of its state is within this many changelog records; until then it gets a warm-up
   * replica and the task stays. -1 moves tasks at once.
   */
  private long acceptableRecoveryLag = -1;

  /** How often an instance with warm-up replicas asks for a rebalance to hand tasks over. */
  private Duration probingRebalanceInterval = Duration.ofSeconds(30);

  /** Processing guarantee of the runtime. */
  private ProcessingGuarantee guarantee = ProcessingGuarantee.EXACTLY_ONCE;

  /** How often a transaction (or offset commit) is made. Defaults to 100ms under exactly-once
   * and 1s under at-least-once. */
  private @Nullable Duration commitInterval;

  /**
   * Directory of the instance's RocksDB state and instance id. Defaults to
   * ${java.io.tmpdir}/rivulet/<application-id>; use a persistent volume in production.
   */
  private @Nullable Path stateDir;

  /** How long startup waits for the broker and topic checks. */
  private Duration startupTimeout = Duration.ofSeconds(30);

  /** Whether missing changelog, output and dead-letter topics are created. */
  private boolean createTopics = true;

  /**
   * Whether the group's leader fences the transactional ids of instances that left the group
   * with a transaction open, so that it is aborted at once rather than at its timeout.
   */
  private boolean fenceAbandonedTransactions = true;

  /** Replication factor of created topics; -1 uses the broker's default. */
  private short replicationFactor = -1;

  /** Error policy of processors whose @StreamProcessor does not set one. */
  private ErrorPolicy defaultErrorPolicy = ErrorPolicy.FAIL;

  /**
   * Additional Kafka client properties for Rivulet's consumers, producers and admin client,
   * applied over those derived from spring.kafka.*.
   */
  private Map<String, String> kafkaProperties = new LinkedHashMap<>();

  private final Memory memory = new Memory();

  /**
   * An in-process single-node KRaft broker for local development. Needs rivulet-embedded-broker
   * on the classpath; never used when spring.kafka.bootstrap-servers is set.
   */
  @NestedConfigurationProperty
  private final DevBrokerProperties devBroker = new DevBrokerProperties();

  private final Query query = new Query();

  public @Nullable String getApplicationId() {
    return applicationId;
  }

  public void setApplicationId(@Nullable String applicationId) {
    this.applicationId = applicationId;
  }

  /** Spring Boot validates the bound properties with this: see RivuletPropertiesValidation. */
  @Override
  public boolean supports(Class<?> type) {
    return RivuletProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    RivuletPropertiesValidation.validate((RivuletProperties) target, errors);
  }

  public @Nullable String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(@Nullable String instanceId) {
    this.instanceId = instanceId;
  }

  public @Nullable String getAdvertisedUrl() {
    return advertisedUrl;
  }

  public void setAdvertisedUrl(@Nullable String advertisedUrl) {
    this.advertisedUrl = advertisedUrl;
  }

  public int getStandbyReplicas() {
    return standbyReplicas;
  }

  public void setStandbyReplicas(int standbyReplicas) {
    this.standbyReplicas = standbyReplicas;
  }

  public long getAcceptableRecoveryLag() {
    return acceptableRecoveryLag;
  }

  public void setAcceptableRecoveryLag(long acceptableRecoveryLag) {
    this.acceptableRecoveryLag = acceptableRecoveryLag;
  }

  public Duration getProbingRebalanceInterval() {
    return probingRebalanceInterval;
  }

  public void setProbingRebalanceInterval(Duration probingRebalanceInterval) {
    this.probingRebalanceInterval = probingRebalanceInterval;
  }

  public boolean isAutoStartup() {
    return autoStartup;
  }

  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  public int getThreads() {
    return threads;
  }

  public void setThreads(int threads) {
    this.threads = threads;
  }

  public ProcessingGuarantee getGuarantee() {
    return guarantee;
  }

  public void setGuarantee(ProcessingGuarantee guarantee) {
    this.guarantee = guarantee;
  }

  public @Nullable Duration getCommitInterval() {
    return commitInterval;
  }

  public void setCommitInterval(@Nullable Duration commitInterval) {
    this.commitInterval = commitInterval;
  }

  public @Nullable Path getStateDir() {
    return stateDir;
  }

  public void setStateDir(@Nullable Path stateDir) {
    this.stateDir = stateDir;
  }

  public Duration getStartupTimeout() {
    return startupTimeout;
  }

  public void setStartupTimeout(Duration startupTimeout) {
    this.startupTimeout = startupTimeout;
  }

  public boolean isCreateTopics() {
    return createTopics;
  }

  public void setCreateTopics(boolean createTopics) {
    this.createTopics = createTopics;
  }

  public boolean isFenceAbandonedTransactions() {
    return fenceAbandonedTransactions;
  }

  public void setFenceAbandonedTransactions(boolean fenceAbandonedTransactions) {
    this.fenceAbandonedTransactions = fenceAbandonedTransactions;
  }

  public short getReplicationFactor() {
    return replicationFactor;
  }

  public void setReplicationFactor(short replicationFactor) {
    this.replicationFactor = replicationFactor;
  }

  public ErrorPolicy getDefaultErrorPolicy() {
    return defaultErrorPolicy;
  }

  public void setDefaultErrorPolicy(ErrorPolicy defaultErrorPolicy) {
    this.defaultErrorPolicy = defaultErrorPolicy;
  }

  public Map<String, String> getKafkaProperties() {
    return kafkaProperties;
  }

  public void setKafkaProperties(Map<String, String> kafkaProperties) {
    this.kafkaProperties = kafkaProperties;
  }

  public Memory getMemory() {
    return memory;
  }

  public DevBrokerProperties getDevBroker() {
    return devBroker;
  }

  public Query getQuery() {
    return query;
  }

  /** RocksDB memory shared by every store of the instance, whatever the number of tasks. */
  public static class Memory {

    /** Shared RocksDB block cache. */
    private DataSize blockCache = DataSize.ofMegabytes(64);

    /** Shared RocksDB memtable (write buffer) budget. */
    private DataSize writeBuffer = DataSize.ofMegabytes(32);

    /**
     * Heap cache of committed state rows, split between worker threads (0 disables it). Saves
     * the RocksDB read of keys a task touches again; count it in the JVM heap.
     */
    private DataSize stateCache = DataSize.ofMegabytes(32);

    public DataSize getStateCache() {
      return stateCache;
    }

    public void setStateCache(DataSize stateCache) {
      this.stateCache = stateCache;
    }

    public DataSize getBlockCache() {
      return blockCache;
    }

    public void setBlockCache(DataSize blockCache) {
      this.blockCache = blockCache;
    }

    public DataSize getWriteBuffer() {
      return writeBuffer;
    }

    public void setWriteBuffer(DataSize writeBuffer) {
      this.writeBuffer = writeBuffer;
    }
  }

  /**
   * The routed state query HTTP API (/rivulet/v1/state/...): off unless enabled; it returns
   * stored values, so protect it like Actuator write operations.
   */
  public static class Query {

    /** Whether to serve the state query HTTP API under /rivulet/v1/state. */
    private boolean enabled;

    /**
     * Longest wait of a query: for the owner's answer when forwarded (plus one second of
     * network grace) and for a requested position (read-your-writes) on the owner.
     */
    private Duration timeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
