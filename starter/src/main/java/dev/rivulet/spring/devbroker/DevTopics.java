package dev.rivulet.spring.devbroker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topics on a development or test broker: parsing {@code name[:partitions]} lists and creating
 * topics that do not exist yet (replication factor 1). Stateless; each call opens and closes an
 * admin client.
 */
public final class DevTopics {

  private static final Logger log = LoggerFactory.getLogger(DevTopics.class);

  private DevTopics() {}

  /**
   * Parses {@code name} or {@code name:partitions} entries.
   *
   * @param entries the entries; blank ones are ignored
   * @param defaultPartitions partitions of an entry without a count
   * @return partitions by topic name, in entry order
   * @throws IllegalArgumentException for a malformed entry, naming it
   */
  public static Map<String, Integer> parse(Collection<String> entries, int defaultPartitions) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String raw : entries) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      try {
        int partitions = colon < 0 ? defaultPartitions
            : Integer.parseInt(entry.substring(colon + 1).trim());
        String name = (colon < 0 ? entry : entry.substring(0, colon)).trim();
        if (name.isEmpty() || partitions < 1) {
          throw new NumberFormatException();
        }
        topics.put(name, partitions);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Topic entry '" + raw + "' is malformed: use "
            + "'name' or 'name:partitions' with partitions >= 1");
      }
    }
    return topics;
  }

  /**
   * Creates the topics that do not exist yet; existing topics are left as they are.
   *
   * @param bootstrapServers the broker
   * @param topics partitions by topic name
   * @return the names of the topics created
   * @throws IllegalStateException when a topic cannot be created
   */
  public static List<String> create(String bootstrapServers, Map<String, Integer> topics) {
    List<String> created = new ArrayList<>();
    if (topics.isEmpty()) {
      return created;
    }
    try (Admin admin = Admin.create(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<NewTopic> requested = new ArrayList<>();
      topics.forEach((name, partitions) ->
          requested.add(new NewTopic(name, Optional.of(partitions), Optional.of((short) 1))));
      var result = admin.createTopics(requested).values();
      for (var entry : result.entrySet()) {
        try {
          entry.getValue().get();
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
          }
          warnIfPartitionsDiffer(admin, entry.getKey(), topics.get(entry.getKey()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics.keySet(), e);
    }
    return created;
  }

  private static void warnIfPartitionsDiffer(Admin admin, String topic, int wanted)
      throws InterruptedException {
    try {
      int existing = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().size();
      if (existing != wanted) {
        log.warn("Topic {} already exists with {} partition(s), not {}; it is left as it is",
            topic, existing, wanted);
      }
    } catch (ExecutionException e) {
      log.debug("Cannot describe topic {}", topic, e.getCause());
    }
  }
}
