package dev.rivulet.helm;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * Strict models of the custom resources the chart renders: the mapper fails on any field these
 * records do not declare, so each record lists exactly the fields the chart may render.
 */
final class CustomResources {

  private CustomResources() {
  }

  /** Prometheus Operator {@code monitoring.coreos.com/v1} ServiceMonitor. */
  record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(LabelSelector selector, List<Endpoint> endpoints) {
    }

    record Endpoint(String port, String path, String interval, String scrapeTimeout) {
    }
  }

  /** KEDA {@code keda.sh/v1alpha1} ScaledObject with kafka triggers. */
  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
        Integer minReplicaCount, Integer maxReplicaCount, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String apiVersion, String kind, String name) {
    }

    record Trigger(String type, KafkaMetadata metadata, AuthenticationRef authenticationRef) {
    }

    /** Metadata of KEDA's kafka scaler. */
    record KafkaMetadata(String bootstrapServers, String consumerGroup, String topic,
        String lagThreshold, String offsetResetPolicy) {
    }

    record AuthenticationRef(String name) {
    }
  }
}
