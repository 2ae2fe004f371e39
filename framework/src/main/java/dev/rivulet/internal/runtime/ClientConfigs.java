package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.runtime.RivuletConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka client configuration of a runtime: Rivulet's defaults, then the user's properties, then
 * the settings exactly-once depends on (which user properties cannot override).
 */
final class ClientConfigs {
  /** Properties only meant for one client type are dropped from the others by the clients. */
  private static final Set<String> ENFORCED = Set.of(
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
      ProducerConfig.TRANSACTIONAL_ID_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
      ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG);

  /** The consumer's own default of {@code session.timeout.ms}. */
  private static final long DEFAULT_SESSION_TIMEOUT_MS = 45_000;

  private final RivuletConfig config;

  ClientConfigs(RivuletConfig config) {
    this.config = config;
  }

  /** Rivulet's client id, then the user's properties for every client, then for this role. */
  private Map<String, Object> base(String clientSuffix, Map<String, Object> role) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.applicationId() + "-" + clientSuffix);
    for (Map<String, Object> user : List.of(config.kafkaProperties(), role)) {
      user.forEach((k, v) -> {
        if (!ENFORCED.contains(k) && !k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
            && !k.equals(CommonClientConfigs.CLIENT_ID_CONFIG)) {
          props.put(k, v);
        }
      });
    }
    return props;
  }

  private boolean exactlyOnce() {
    return config.guarantee() == ProcessingGuarantee.EXACTLY_ONCE;
  }

  Map<String, Object> admin() {
    Map<String, Object> props = base("admin", Map.of());
    int timeout = (int) config.startupTimeout().toMillis();
    props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
    return props;
  }

  /**
   * The main consumer of a worker; its assignor reports assignments to {@code directory} and the
   * worker's standby replicas to {@code replicas}, and, as the group's leader, the members'
   * instances to {@code abandoned} (null: nothing is fenced).
   */
  Map<String, Object> mainConsumer(int thread, InstanceDirectory directory,
      ReplicaAssignment replicas, @Nullable AbandonedTransactions abandoned) {
    Map<String, Object> props = base("consumer-" + thread, config.consumerProperties());
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId());
    if (config.instanceId() != null) {
      // static membership: a restart within session.timeout.ms takes its partitions back as is
      props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId() + "-" + thread);
    }
    // a misspelt input topic must fail the topic check, not be created by the subscription
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        exactlyOnce() ? "read_committed" : "read_uncommitted");
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        List.of(CoPartitionAssignor.class.getName()));
    props.put(CoPartitionAssignor.DIRECTORY, directory);
    props.put(CoPartitionAssignor.REPLICAS, replicas);
    props.put(CoPartitionAssignor.STANDBY_REPLICAS, config.standbyReplicas());
    props.put(CoPartitionAssignor.ACCEPTABLE_LAG, config.acceptableRecoveryLag());
    if (abandoned != null) {
      props.put(CoPartitionAssignor.ABANDONED_TRANSACTIONS, abandoned);
    }
    if (config.advertisedUrl() != null) {
      props.put(CoPartitionAssignor.ADVERTISED_URL, config.advertisedUrl());
    }
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** The main consumers' session timeout: the user's, or the consumer's default. */
  Duration sessionTimeout() {
    Object v = base("consumer", config.consumerProperties())
        .get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    return Duration.ofMillis(v == null ? DEFAULT_SESSION_TIMEOUT_MS : Long.parseLong(v.toString()));
  }

  Map<String, Object> restoreConsumer(int thread) {
    return changelogConsumer("restore-consumer-" + thread);
  }

  /** The consumer a worker's standby replicas follow their changelogs with. */
  Map<String, Object> standbyConsumer(int thread) {
    return changelogConsumer("standby-consumer-" + thread);
  }

  private Map<String, Object> changelogConsumer(String clientSuffix) {
    Map<String, Object> props = base(clientSuffix, config.consumerProperties());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // changelogs are written transactionally under EOS: never restore aborted writes
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** {@code instanceId} names the state directory: a restart of it reuses the transactional id. */
  Map<String, Object> producer(int thread, String instanceId) {
    Map<String, Object> props = base("producer-" + thread, config.producerProperties());
    // under exactly-once outputs are visible at the commit only: lingering sends fuller batches,
    // but what still lingers when the commit starts must be sent then, on the latency path
    // (measured at 53k records/s: p99 127 ms with 100 ms, 124 ms with 20 ms)
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, exactlyOnce()
        ? (int) Math.min(20, config.commitInterval().toMillis()) : 5);
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (exactlyOnce()) {
      // stable across restarts of this state dir: a restart aborts the previous open transaction
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          config.applicationId() + "-" + instanceId + "-" + thread);
      props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /** Largest output record (key + value bytes) the producer accepts. */
  int maxRequestBytes() {
    Object v = config.producerProperties().getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        config.kafkaProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    int max = v == null ? 1_048_576 : Integer.parseInt(v.toString());
    return max - 1024; // headroom for the record batch header and headers
  }
}
