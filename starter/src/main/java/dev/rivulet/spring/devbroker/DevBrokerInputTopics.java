package dev.rivulet.spring.devbroker;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistration;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the missing input topics of the processors on the dev broker before the runtime
 * starts, so that a new application runs without creating topics by hand. A missing input gets
 * the partition count of an existing co-partitioned input of the same processor, else
 * {@code rivulet.dev-broker.partitions}.
 */
final class DevBrokerInputTopics implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(DevBrokerInputTopics.class);

  private final String bootstrapServers;
  private final StreamProcessorRegistry registry;
  private final int defaultPartitions;

  DevBrokerInputTopics(String bootstrapServers, StreamProcessorRegistry registry,
      int defaultPartitions) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.defaultPartitions = defaultPartitions;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, Integer> missing = new LinkedHashMap<>();
    try (Admin admin = Admin.create(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      for (StreamProcessorRegistration r : registry.registrations()) {
        ProcessorDefinition<?, ?, ?> d = r.definition();
        List<String> present = d.inputTopics().stream().filter(existing::contains).toList();
        int partitions =
            present.isEmpty() ? defaultPartitions : partitionsOf(admin, present.get(0));
        d.inputTopics().stream().filter(t -> !existing.contains(t))
            .forEach(t -> missing.putIfAbsent(t, partitions));
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list topics of the dev broker", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics of the dev broker", e);
    }
    if (!missing.isEmpty()) {
      log.info("Dev broker: creating input topics {}", missing);
      DevTopics.create(bootstrapServers, missing);
    }
  }

  private static int partitionsOf(Admin admin, String topic)
      throws ExecutionException, InterruptedException {
    TopicDescription description =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    return description.partitions().size();
  }
}
