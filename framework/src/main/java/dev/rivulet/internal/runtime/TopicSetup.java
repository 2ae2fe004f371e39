package dev.rivulet.internal.runtime;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.internal.state.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup checks of topics, failing fast with a message that says what to change: broker
 * reachable within the startup timeout (credentials it refuses fail at once); inputs exist;
 * co-partitioned inputs have the same partition count; changelogs exist (created if allowed)
 * with that count and a compact cleanup policy; outputs and dead-letter topics exist (created if
 * allowed). Three admin round trips whatever the number of topics (describe all, create the
 * missing ones, read the configs of the changelogs and outputs), since their latency is part of
 * every instance's startup.
 */
final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private final RivuletConfig config;
  private final Admin admin;
  private final long timeoutMillis;
  private final Map<String, Integer> outputLimits = new HashMap<>();

  /** A topic Rivulet needs besides the inputs, and how it would be created. */
  private record Needed(String topic, int partitions, Map<String, String> configs, String role,
      boolean changelog, boolean output) {}

  TopicSetup(RivuletConfig config, Admin admin) {
    this.config = config;
    this.admin = admin;
    this.timeoutMillis = config.startupTimeout().toMillis();
  }

  /** Runs every check; returns each processor's partition count. */
  Map<String, Integer> run() {
    List<String> topics = allTopics();
    var described = admin.describeTopics(topics).topicNameValues(); // in flight with the next
    awaitBroker();
    Map<String, Integer> existing = describe(topics, described);
    Map<String, Integer> partitionsByProcessor = inputPartitions(existing);
    List<Needed> needed = needed(partitionsByProcessor);
    Map<String, Needed> missing = new LinkedHashMap<>();
    for (Needed n : needed) {
      Integer count = existing.get(n.topic());
      if (count == null) {
        missing.putIfAbsent(n.topic(), n); // a topic two processors write is created once
      } else if (n.changelog() && count != n.partitions()) {
        throw new RivuletConfigException("Changelog topic " + n.topic() + " has " + count
            + " partitions but its inputs have " + n.partitions() + ": delete the changelog "
            + "(state is rebuilt from it, so only if it can be recomputed) or fix the input "
            + "partition count");
      }
    }
    create(List.copyOf(missing.values()));
    checkConfigs(needed, missing.keySet());
    return partitionsByProcessor;
  }

  private Map<String, Integer> inputPartitions(Map<String, Integer> existing) {
    Map<String, Integer> partitionsByProcessor = new LinkedHashMap<>();
    List<String> missingInputs = new ArrayList<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String topic : d.inputTopics()) {
        Integer count = existing.get(topic);
        if (count == null) {
          missingInputs.add(topic + " (processor '" + d.id() + "')");
        } else {
          counts.put(topic, count);
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
    return partitionsByProcessor;
  }

  /** Changelogs, outputs and dead-letter topics, in the order they are checked. */
  private List<Needed> needed(Map<String, Integer> partitionsByProcessor) {
    List<Needed> needed = new ArrayList<>();
    Map<String, String> compact =
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      int partitions = partitionsByProcessor.get(d.id());
      for (String store : StoreNames.storeNames(d)) {
        needed.add(new Needed(StoreNames.changelog(config.applicationId(), d.id(), store),
            partitions, compact, "changelog", true, false));
      }
      if (d.output() != null) {
        needed.add(new Needed(d.output(), partitions, Map.of(),
            "output of processor '" + d.id() + "'", false, true));
      }
      for (Output<?, ?> out : d.namedOutputs().values()) {
        needed.add(new Needed(out.topic(), partitions, Map.of(),
            "output '" + out.name() + "' of '" + d.id() + "'", false, true));
      }
      if (d.errorPolicy() == ErrorPolicy.DEAD_LETTER) {
        // an output too: its max.message.bytes bounds the dead letters (truncated to fit)
        needed.add(new Needed(InternalTopics.deadLetter(config.applicationId(), d), partitions,
            Map.of(), "dead-letter topic of processor '" + d.id() + "'", false, true));
      }
    }
    return needed;
  }

  private List<String> allTopics() {
    TreeSet<String> topics = new TreeSet<>(allInputs(config));
    topics.addAll(writtenTopics(config));
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      if (d.errorPolicy() == ErrorPolicy.DEAD_LETTER) {
        topics.add(InternalTopics.deadLetter(config.applicationId(), d));
      }
    }
    return new ArrayList<>(topics);
  }

  /** The topics every task writes: outputs and changelogs (dead letters are the exception). */
  static List<String> writtenTopics(RivuletConfig config) {
    TreeSet<String> topics = new TreeSet<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      StoreNames.storeNames(d).forEach(
          store -> topics.add(StoreNames.changelog(config.applicationId(), d.id(), store)));
      if (d.output() != null) {
        topics.add(d.output());
      }
      d.namedOutputs().values().forEach(out -> topics.add(out.topic()));
    }
    return new ArrayList<>(topics);
  }

  private void awaitBroker() {
    try {
      admin.describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException refused) {
        // fails at once, not at the timeout; Kafka's message names no secret
        throw new RivuletConfigException("Cannot authenticate to Kafka at "
            + config.bootstrapServers() + ": " + refused.getMessage() + ". Check the security "
            + "settings (security.protocol, sasl.*, ssl.*; spring.kafka.* in Spring Boot)", e);
      }
      throw unreachable(e);
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivuletConfigException("Interrupted while waiting for Kafka", e);
    }
  }

  private RivuletConfigException unreachable(Exception e) {
    return new RivuletConfigException("Cannot reach Kafka at " + config.bootstrapServers()
        + " within " + Duration.ofMillis(timeoutMillis).toSeconds() + " s: check bootstrap "
        + "servers, network and security settings", e);
  }

  /** Partition count of every topic that exists, from one request. */
  private Map<String, Integer> describe(List<String> topics,
      Map<String, KafkaFuture<TopicDescription>> futures) {
    Map<String, Integer> counts = new HashMap<>();
    for (String topic : topics) {
      try {
        TopicDescription d = futures.get(topic).get(timeoutMillis, TimeUnit.MILLISECONDS);
        counts.put(topic, d.partitions().size());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new RivuletConfigException("Cannot describe topic " + topic + ": " + e.getCause(),
              e);
        }
      } catch (TimeoutException e) {
        throw new RivuletConfigException("Timed out describing topic " + topic, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RivuletConfigException("Interrupted", e);
      }
    }
    return counts;
  }

  /** Creates the missing topics in one request (if topic creation is on). */
  private void create(List<Needed> missing) {
    if (missing.isEmpty()) {
      return;
    }
    if (!config.createTopics()) {
      Needed n = missing.get(0);
      throw new RivuletConfigException("Topic " + n.topic() + " (" + n.role() + ") does not exist "
          + "and topic creation is off: create it with " + n.partitions() + " partitions"
          + (n.configs().isEmpty() ? "" : " and " + n.configs()));
    }
    List<NewTopic> topics = new ArrayList<>();
    for (Needed n : missing) {
      topics.add(new NewTopic(n.topic(), Optional.of(n.partitions()),
          config.replicationFactor() < 0 ? Optional.empty()
              : Optional.of(config.replicationFactor()))
          .configs(new HashMap<>(n.configs())));
    }
    var futures = admin.createTopics(topics).values();
    for (Needed n : missing) {
      try {
        futures.get(n.topic()).get(timeoutMillis, TimeUnit.MILLISECONDS);
        log.info("Created topic {} ({}) with {} partitions", n.topic(), n.role(), n.partitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new RivuletConfigException("Cannot create topic " + n.topic() + " (" + n.role()
              + "): " + e.getCause(), e);
        }
      } catch (TimeoutException e) {
        throw new RivuletConfigException("Timed out creating topic " + n.topic(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RivuletConfigException("Interrupted", e);
      }
    }
  }

  /**
   * Existing changelogs must be compacted; outputs' max.message.bytes bounds the records sent to
   * them. One request for all of them.
   */
  private void checkConfigs(List<Needed> needed, Set<String> created) {
    Map<String, ConfigResource> resources = new LinkedHashMap<>();
    for (Needed n : needed) {
      if (n.output() || (n.changelog() && !created.contains(n.topic()))) {
        resources.put(n.topic(), new ConfigResource(ConfigResource.Type.TOPIC, n.topic()));
      }
    }
    if (resources.isEmpty()) {
      return;
    }
    Map<ConfigResource, Config> configs = describeConfigs(resources, created);
    for (Needed n : needed) {
      Config c = configs.get(resources.get(n.topic()));
      if (c == null) {
        continue;
      }
      if (n.changelog()) {
        var policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String value = policy == null ? "" : policy.value();
        if (!value.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
          throw new RivuletConfigException("Changelog topic " + n.topic() + " has cleanup.policy="
              + value + " but must be compacted: kafka-configs.sh --alter --entity-type topics "
              + "--entity-name " + n.topic() + " --add-config cleanup.policy=compact");
        }
      }
      if (n.output()) {
        var max = c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (max != null && max.value() != null) {
          outputLimits.put(n.topic(), Integer.parseInt(max.value()) - 512); // batch overhead
        }
      }
    }
  }

  /**
   * Reads the topics' configurations. A topic created a moment ago may still be unknown to the
   * broker that answers (its metadata has not reached it): asked again every 100 ms until the
   * startup timeout.
   */
  private Map<ConfigResource, Config> describeConfigs(Map<String, ConfigResource> resources,
      Set<String> created) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    boolean justCreated = resources.keySet().stream().anyMatch(created::contains);
    while (true) {
      try {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        return admin.describeConfigs(resources.values()).all().get(left, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(justCreated && e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw new RivuletConfigException("Cannot read configuration of topics "
              + resources.keySet(), e);
        }
      } catch (TimeoutException e) {
        throw new RivuletConfigException("Cannot read configuration of topics "
            + resources.keySet(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RivuletConfigException("Interrupted", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RivuletConfigException("Interrupted", e);
      }
    }
  }

  /** Largest record (key + value bytes) each output topic accepts, from max.message.bytes. */
  Map<String, Integer> outputLimits() {
    return outputLimits;
  }

  static Collection<String> allInputs(RivuletConfig config) {
    TreeSet<String> topics = new TreeSet<>();
    config.processors().forEach(d -> topics.addAll(d.inputTopics()));
    return topics;
  }
}
