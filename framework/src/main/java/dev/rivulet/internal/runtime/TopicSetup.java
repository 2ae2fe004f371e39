package dev.rivulet.internal.runtime;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RivuletConfig;
import dev.rivulet.api.RivuletConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup checks of topics, failing fast with a message that says what to change: broker
 * reachable within the startup timeout; inputs exist; co-partitioned inputs have the same
 * partition count; changelogs exist (created if allowed) with that count and a compact cleanup
 * policy; outputs and dead-letter topics exist (created if allowed).
 */
final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private final RivuletConfig config;
  private final Admin admin;
  private final long timeoutMillis;
  private final Map<String, Integer> outputLimits = new HashMap<>();

  TopicSetup(RivuletConfig config, Admin admin) {
    this.config = config;
    this.admin = admin;
    this.timeoutMillis = config.startupTimeout().toMillis();
  }

  /** Runs every check; returns each processor's partition count. */
  Map<String, Integer> run() {
    awaitBroker();
    Map<String, Integer> partitionsByProcessor = new LinkedHashMap<>();
    List<String> missingInputs = new ArrayList<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String topic : d.inputTopics()) {
        Optional<Integer> count = partitions(topic);
        if (count.isEmpty()) {
          missingInputs.add(topic + " (processor '" + d.id() + "')");
        } else {
          counts.put(topic, count.get());
        }
      }
      if (new TreeSet<>(counts.values()).size() > 1) {
        throw new RivuletConfigException("Inputs of processor '" + d.id()
            + "' must be co-partitioned but have different partition counts " + counts
            + ": repartition them to the same count");
      }
      counts.values().stream().findFirst().ifPresent(n -> partitionsByProcessor.put(d.id(), n));
    }
    if (!missingInputs.isEmpty()) {
      throw new RivuletConfigException("Input topic(s) do not exist: " + missingInputs
          + ". Create them (kafka-topics.sh --create --topic <name> --partitions <n>) "
          + "or fix the processor's inputs");
    }
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      int partitions = partitionsByProcessor.get(d.id());
      for (String store : InternalTopics.storeNames(d)) {
        ensureChangelog(InternalTopics.changelog(config.applicationId(), d.id(), store), partitions);
      }
      if (d.output() != null) {
        ensureTopic(d.output(), partitions, "output of processor '" + d.id() + "'");
        recordLimit(d.output());
      }
      for (Output<?, ?> out : d.namedOutputs().values()) {
        ensureTopic(out.topic(), partitions, "output '" + out.name() + "' of '" + d.id() + "'");
        recordLimit(out.topic());
      }
      if (d.errorPolicy() == ErrorPolicy.DEAD_LETTER) {
        ensureTopic(InternalTopics.deadLetter(config.applicationId(), d), partitions,
            "dead-letter topic of processor '" + d.id() + "'");
      }
    }
    return partitionsByProcessor;
  }

  private void awaitBroker() {
    try {
      admin.describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new RivuletConfigException("Cannot reach Kafka at " + config.bootstrapServers()
          + " within " + Duration.ofMillis(timeoutMillis).toSeconds() + " s: check bootstrap "
          + "servers, network and security settings", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivuletConfigException("Interrupted while waiting for Kafka", e);
    }
  }

  private Optional<Integer> partitions(String topic) {
    try {
      Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(timeoutMillis, TimeUnit.MILLISECONDS);
      return Optional.of(d.get(topic).partitions().size());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw new RivuletConfigException("Cannot describe topic " + topic + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new RivuletConfigException("Timed out describing topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivuletConfigException("Interrupted", e);
    }
  }

  private void ensureChangelog(String topic, int partitions) {
    Optional<Integer> existing = partitions(topic);
    if (existing.isEmpty()) {
      create(topic, partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT), "changelog");
      return;
    }
    if (existing.get() != partitions) {
      throw new RivuletConfigException("Changelog topic " + topic + " has " + existing.get()
          + " partitions but its inputs have " + partitions + ": delete the changelog (state is "
          + "rebuilt from it, so only if it can be recomputed) or fix the input partition count");
    }
    String policy = cleanupPolicy(topic);
    if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      throw new RivuletConfigException("Changelog topic " + topic + " has cleanup.policy="
          + policy + " but must be compacted: kafka-configs.sh --alter --entity-type topics "
          + "--entity-name " + topic + " --add-config cleanup.policy=compact");
    }
  }

  private void ensureTopic(String topic, int partitions, String role) {
    if (partitions(topic).isEmpty()) {
      create(topic, partitions, Map.of(), role);
    }
  }

  private void create(String topic, int partitions, Map<String, String> configs, String role) {
    if (!config.createTopics()) {
      throw new RivuletConfigException("Topic " + topic + " (" + role + ") does not exist and "
          + "topic creation is off: create it with " + partitions + " partitions"
          + (configs.isEmpty() ? "" : " and " + configs));
    }
    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions),
        config.replicationFactor() < 0 ? Optional.empty() : Optional.of(config.replicationFactor()))
        .configs(new HashMap<>(configs));
    try {
      admin.createTopics(List.of(newTopic)).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
      log.info("Created topic {} ({}) with {} partitions", topic, role, partitions);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new RivuletConfigException("Cannot create topic " + topic + " (" + role + "): "
            + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new RivuletConfigException("Timed out creating topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivuletConfigException("Interrupted", e);
    }
  }

  /** Largest record (key + value bytes) each output topic accepts, from max.message.bytes. */
  Map<String, Integer> outputLimits() {
    return outputLimits;
  }

  private void recordLimit(String topic) {
    String max = topicConfig(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    if (max != null) {
      outputLimits.put(topic, Integer.parseInt(max) - 512); // batch and record overhead
    }
  }

  private String cleanupPolicy(String topic) {
    return topicConfig(topic, TopicConfig.CLEANUP_POLICY_CONFIG);
  }

  private String topicConfig(String topic, String name) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all()
          .get(timeoutMillis, TimeUnit.MILLISECONDS);
      var entry = configs.get(resource).get(name);
      return entry == null ? null : entry.value();
    } catch (ExecutionException | TimeoutException e) {
      throw new RivuletConfigException("Cannot read configuration of topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivuletConfigException("Interrupted", e);
    }
  }

  static Collection<String> allInputs(RivuletConfig config) {
    TreeSet<String> topics = new TreeSet<>();
    config.processors().forEach(d -> topics.addAll(d.inputTopics()));
    return topics;
  }
}
