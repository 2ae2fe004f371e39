package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.internal.commit.AtLeastOnceCommitter;
import dev.rivulet.internal.commit.Committer;
import dev.rivulet.internal.commit.TransactionOwner;
import dev.rivulet.internal.state.StateEnvironment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Assembles a worker thread's parts: its committer (transactional or at-least-once, with its
 * producer), restorer, meters and the Kafka client metrics of its consumers and producer. Called
 * by the runtime's start, on the starting thread.
 */
final class WorkerFactory {
  private final RivuletConfig config;
  private final StateEnvironment env;
  private final ClientConfigs clients;
  private final ClientMetrics clientMetrics;
  private final WorkerContext context;
  private final CommitterDecorator committers;
  private final Map<String, Integer> partitions;

  /** @param partitions input partition count per processor id, filled by the topic checks */
  WorkerFactory(RivuletConfig config, StateEnvironment env, ClientConfigs clients,
      ClientMetrics clientMetrics, WorkerContext context, CommitterDecorator committers,
      Map<String, Integer> partitions) {
    this.committers = committers;
    this.partitions = partitions;
    this.config = config;
    this.env = env;
    this.clients = clients;
    this.clientMetrics = clientMetrics;
    this.context = context;
  }

  StreamWorker create(int i, TaskFactory tasks, KafkaConsumer<byte[], byte[]> consumer,
      KafkaConsumer<byte[], byte[]> restoreConsumer, KafkaConsumer<byte[], byte[]> standbyConsumer,
      ReplicaAssignment replicas, ActiveClaims claims) {
    String name = "rivulet-" + config.applicationId() + "-worker-" + i;
    MeterRegistry registry = config.meterRegistry();
    Tags tags = Tags.of("thread", name);
    clientMetrics.bind(consumer, tags.and(RivuletMetricNames.CLIENT_TAG, "consumer"));
    clientMetrics.bind(restoreConsumer,
        tags.and(RivuletMetricNames.CLIENT_TAG, "restore-consumer"));
    clientMetrics.bind(standbyConsumer,
        tags.and(RivuletMetricNames.CLIENT_TAG, "standby-consumer"));
    Tags producerTags = tags.and(RivuletMetricNames.CLIENT_TAG, "producer");
    String instanceId = env.instanceId();
    Committer committer;
    if (config.guarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
      committer = new TransactionOwner(clientMetrics.binding(
          () -> new KafkaProducer<>(clients.producer(i, instanceId)), producerTags),
          Duration.ofSeconds(60), counter(RivuletMetricNames.COMMITS, tags),
          counter(RivuletMetricNames.ABORTS, tags));
    } else {
      committer = new AtLeastOnceCommitter(clientMetrics.binding(
          () -> new KafkaProducer<byte[], byte[]>(clients.producer(i, instanceId)), producerTags)
          .get(), consumer, counter(RivuletMetricNames.COMMITS, tags));
    }
    committer = committers.decorate(committer, consumer);
    Restorer restorer = new Restorer(restoreConsumer, env, config.listeners());
    Timer commitLatency = Timer.builder(RivuletMetricNames.COMMIT_LATENCY)
        .description(RivuletMetricNames.description(RivuletMetricNames.COMMIT_LATENCY)).tags(tags)
        .publishPercentileHistogram().register(registry);
    StandbyTasks standbys = new StandbyTasks(standbyConsumer, env, config, claims,
        partitions);
    return new StreamWorker(name, context, consumer, committer, restorer, env, tasks,
        commitLatency, counter(RivuletMetricNames.FENCES, tags),
        new WorkerReplicas(standbys, replicas, claims, config.probingRebalanceInterval(),
            Duration.ofMillis(transactionTimeoutMs(i, instanceId) / 2)));
  }

  private long transactionTimeoutMs(int thread, String instanceId) {
    Object timeout = clients.producer(thread, instanceId).get(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    return timeout == null ? 60_000 : Long.parseLong(String.valueOf(timeout));
  }

  private Counter counter(String name, Tags tags) {
    return Counter.builder(name).description(RivuletMetricNames.description(name)).tags(tags)
        .register(config.meterRegistry());
  }
}
