package dev.rivulet.api.runtime;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RivuletConfigException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Builds a {@link Rivulet}. Defaults: 1 thread, exactly-once, 100 ms commit interval, state in
 * {@code ${java.io.tmpdir}/rivulet/<application-id>}, 64 MiB block cache, 32 MiB write buffers, 32 MiB state row cache.
 * Not thread-safe. {@link #build()} fails fast with a message saying what to change.
 */
public final class RivuletBuilder {
  /** The instance's RocksDB block cache unless {@link #memory} says otherwise: 64 MiB. */
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;
  /** The memtables' budget within the block cache unless {@link #memory} says otherwise: 32 MiB. */
  public static final long DEFAULT_WRITE_BUFFER_BYTES = 32L << 20;

  private String applicationId;
  private String bootstrapServers;
  private String instanceId;
  private String advertisedUrl;
  private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
  private final Map<String, Object> consumerProperties = new LinkedHashMap<>();
  private final Map<String, Object> producerProperties = new LinkedHashMap<>();
  private int threads = 1;
  private int standbyReplicas;
  private long acceptableRecoveryLag = -1;
  private Duration probingRebalanceInterval = Duration.ofSeconds(30);
  private ProcessingGuarantee guarantee = ProcessingGuarantee.EXACTLY_ONCE;
  private Duration commitInterval;
  private Path stateDir;
  private long blockCacheBytes = DEFAULT_BLOCK_CACHE_BYTES;
  private long stateCacheBytes = 32L << 20;
  private long writeBufferBytes = DEFAULT_WRITE_BUFFER_BYTES;
  private Duration startupTimeout = Duration.ofSeconds(30);
  private boolean createTopics = true;
  private boolean fenceAbandonedTransactions = true;
  private short replicationFactor = -1;
  private final List<ProcessorDefinition<?, ?, ?>> processors = new ArrayList<>();
  private final List<RivuletListener> listeners = new ArrayList<>();
  private MeterRegistry meterRegistry;

  RivuletBuilder() {}

  public RivuletBuilder applicationId(String applicationId) {
    this.applicationId = applicationId;
    return this;
  }

  public RivuletBuilder bootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    return this;
  }

  /**
   * Turns on Kafka static membership: a stable name of this instance (a pod name, a host name),
   * unique within the application. Each worker thread joins the group with
   * {@code group.instance.id = <instanceId>-<thread>}, so an instance that restarts within the
   * consumer session timeout ({@code session.timeout.ms}) gets its partitions back without a
   * rebalance and without moving any other instance's tasks. The price: the partitions of an
   * instance that died stay unprocessed until the session timeout expires. Unset (the default):
   * dynamic membership, every start and stop rebalances.
   */
  public RivuletBuilder instanceId(String instanceId) {
    this.instanceId = instanceId;
    return this;
  }

  /**
   * The URL at which other instances reach this one for routed queries (for example
   * {@code http://orders-2.orders:8080}). It travels with this instance's group membership, so
   * every instance knows which URL serves which partition ({@link Rivulet#locate}). Unset: this
   * instance serves its own partitions locally only.
   */
  public RivuletBuilder advertisedUrl(String url) {
    this.advertisedUrl = url;
    return this;
  }

  /** A Kafka client property applied to consumers, producers and the admin client. */
  public RivuletBuilder kafkaProperty(String name, Object value) {
    kafkaProperties.put(name, value);
    return this;
  }

  public RivuletBuilder kafkaProperties(Map<String, ?> properties) {
    kafkaProperties.putAll(properties);
    return this;
  }

  /**
   * Client properties of Rivulet's consumers only (main and restore), applied over
   * {@link #kafkaProperties}. Rivulet still manages group, isolation and offset-commit settings.
   */
  public RivuletBuilder consumerProperties(Map<String, ?> properties) {
    consumerProperties.putAll(properties);
    return this;
  }

  /**
   * Client properties of Rivulet's producers only, applied over {@link #kafkaProperties}.
   * Rivulet still manages idempotence, acks and transactional ids.
   */
  public RivuletBuilder producerProperties(Map<String, ?> properties) {
    producerProperties.putAll(properties);
    return this;
  }

  public RivuletBuilder threads(int threads) {
    this.threads = threads;
    return this;
  }

  /**
   * Standby replicas per task (default 0): other instances keep a copy of each task's stores up
   * to date by tailing its changelogs, so that a task whose instance dies or leaves moves to an
   * instance that replays only the tail. Each replica costs the state's disk and memory again and
   * a read of every changelog write; place at most one per instance (more instances than
   * replicas are needed for all of them to be placed).
   */
  public RivuletBuilder standbyReplicas(int replicas) {
    this.standbyReplicas = replicas;
    return this;
  }

  /**
   * Warm-up before hand-over: a task that a rebalance would move to an instance whose copy of
   * its state is more than {@code records} changelog records behind stays where it is; the new
   * instance gets a warm-up replica (a standby) and the task moves, in a later probing rebalance,
   * once the warm-up is within this lag. -1 (default): tasks move at once and restore there.
   */
  public RivuletBuilder acceptableRecoveryLag(long records) {
    this.acceptableRecoveryLag = records;
    return this;
  }

  /** How often an instance with warm-up replicas asks for a rebalance (default 30 s). */
  public RivuletBuilder probingRebalanceInterval(Duration interval) {
    this.probingRebalanceInterval = interval;
    return this;
  }

  public RivuletBuilder guarantee(ProcessingGuarantee guarantee) {
    this.guarantee = guarantee;
    return this;
  }

  /** Default: 100 ms under exactly-once, 1 s under at-least-once. */
  public RivuletBuilder commitInterval(Duration interval) {
    this.commitInterval = interval;
    return this;
  }

  public RivuletBuilder stateDir(Path dir) {
    this.stateDir = dir;
    return this;
  }

  /**
   * Heap cache of committed state rows (default 32 MiB, split between worker threads; 0
   * disables it). It saves the RocksDB read of keys a task touches again.
   */
  public RivuletBuilder stateCache(long bytes) {
    this.stateCacheBytes = bytes;
    return this;
  }

  /**
   * RocksDB memory shared by every store of this instance: the block cache, and the memtables'
   * budget charged to it (defaults {@link #DEFAULT_BLOCK_CACHE_BYTES},
   * {@link #DEFAULT_WRITE_BUFFER_BYTES}).
   */
  public RivuletBuilder memory(long blockCacheBytes, long writeBufferBytes) {
    this.blockCacheBytes = blockCacheBytes;
    this.writeBufferBytes = writeBufferBytes;
    return this;
  }

  public RivuletBuilder startupTimeout(Duration timeout) {
    this.startupTimeout = timeout;
    return this;
  }

  /** Whether missing changelog and dead-letter topics are created (default true). */
  public RivuletBuilder createTopics(boolean create) {
    this.createTopics = create;
    return this;
  }

  /**
   * Whether the group's leader fences the transactional ids of instances that left the group
   * with a transaction open (SIGKILLed, partitioned away), so that their transactions are
   * aborted at once instead of when {@code transaction.timeout.ms} runs out (default true; only
   * under exactly-once). Until then the partitions they wrote to show {@code read_committed}
   * readers nothing newer. Needs the DESCRIBE and WRITE ACLs on the application's transactional
   * ids, which it has to have anyway; without them nothing is fenced.
   */
  public RivuletBuilder fenceAbandonedTransactions(boolean fence) {
    this.fenceAbandonedTransactions = fence;
    return this;
  }

  /** Replication factor of created topics; -1 (default) uses the broker's default. */
  public RivuletBuilder replicationFactor(short factor) {
    this.replicationFactor = factor;
    return this;
  }

  public RivuletBuilder processor(ProcessorDefinition<?, ?, ?> definition) {
    processors.add(Objects.requireNonNull(definition, "definition"));
    return this;
  }

  public RivuletBuilder listener(RivuletListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  public RivuletBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = registry;
    return this;
  }

  /** The validated configuration. */
  public RivuletConfig config() {
    require(applicationId != null && applicationId.matches("[a-zA-Z0-9._-]+"),
        "applicationId must be set to [a-zA-Z0-9._-]+ (it is the consumer group id)");
    require(bootstrapServers != null && !bootstrapServers.isBlank(),
        "bootstrapServers must be set (host:port of at least one broker)");
    require(instanceId == null || instanceId.matches("[a-zA-Z0-9._-]{1,200}"),
        "instanceId must match [a-zA-Z0-9._-]{1,200} (it names the group.instance.id of each "
            + "worker thread), was '" + instanceId + "'");
    require(advertisedUrl == null || validUrl(advertisedUrl),
        "advertisedUrl must be an absolute http(s) URL such as http://host:8080, was '"
            + advertisedUrl + "'");
    require(threads >= 1, "threads must be >= 1, was " + threads);
    require(standbyReplicas >= 0, "standbyReplicas must be >= 0, was " + standbyReplicas);
    require(acceptableRecoveryLag >= -1, "acceptableRecoveryLag must be >= 0 (records), or -1 "
        + "to hand tasks over at once, was " + acceptableRecoveryLag);
    require(probingRebalanceInterval != null && probingRebalanceInterval.toMillis() >= 1000,
        "probingRebalanceInterval must be at least 1 s, was " + probingRebalanceInterval);
    require(!processors.isEmpty(), "add at least one processor definition");
    require(blockCacheBytes >= (1 << 20) && writeBufferBytes >= (1 << 20),
        "memory: block cache and write buffer must each be at least 1 MiB");
    require(stateCacheBytes >= 0, "stateCache must be >= 0 bytes (0 disables it), was "
        + stateCacheBytes);
    Set<String> ids = new HashSet<>();
    for (ProcessorDefinition<?, ?, ?> d : processors) {
      require(ids.add(d.id()), "processor id '" + d.id() + "' is used twice; ids must be unique");
      require(d.guarantee() == null || d.guarantee() == guarantee,
          "processor '" + d.id() + "' asks for " + d.guarantee() + " but the runtime runs "
              + guarantee + "; one runtime runs one guarantee: align them");
    }
    Duration interval = commitInterval != null ? commitInterval
        : guarantee == ProcessingGuarantee.EXACTLY_ONCE ? Duration.ofMillis(100)
        : Duration.ofSeconds(1);
    require(!interval.isNegative() && !interval.isZero(), "commitInterval must be positive");
    Path dir = stateDir != null ? stateDir
        : Path.of(System.getProperty("java.io.tmpdir"), "rivulet", applicationId);
    MeterRegistry registry = meterRegistry != null ? meterRegistry : new SimpleMeterRegistry();
    return new RivuletConfig(applicationId, bootstrapServers, instanceId, advertisedUrl,
        kafkaProperties, consumerProperties, producerProperties, threads, standbyReplicas,
        acceptableRecoveryLag, probingRebalanceInterval, guarantee, interval, dir,
        blockCacheBytes, writeBufferBytes, stateCacheBytes, startupTimeout, createTopics, fenceAbandonedTransactions,
        replicationFactor, processors, listeners, registry);
  }

  /**
   * Builds the runtime (not started), through the {@link RivuletRuntimeFactory} on the class path.
   *
   * @throws RivuletConfigException if the configuration is invalid or no runtime is on the class
   *     path
   */
  public Rivulet build() {
    RivuletConfig config = config();
    RivuletRuntimeFactory factory = ServiceLoader
        .load(RivuletRuntimeFactory.class, RivuletBuilder.class.getClassLoader())
        .findFirst()
        .orElseThrow(() -> new RivuletConfigException("No Rivulet runtime on the class path: "
            + "add the rivulet-framework artifact (it registers " + RivuletRuntimeFactory.class
            .getName() + " in META-INF/services)"));
    return factory.create(config);
  }

  private static boolean validUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null && url.length() <= 1000;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new RivuletConfigException("Rivulet configuration: " + message);
    }
  }
}
