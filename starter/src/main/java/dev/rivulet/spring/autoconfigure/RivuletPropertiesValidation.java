package dev.rivulet.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * The rules of {@code rivulet.*}, checked when the properties are bound: a bad value fails the
 * start with Spring Boot's binding report, which names the property, the value and its origin;
 * each reason here says what to change.
 */
final class RivuletPropertiesValidation {
  private static final String NAME = "[a-zA-Z0-9._-]+";
  private static final DataSize MIN_ROCKSDB = DataSize.ofMegabytes(1);

  private RivuletPropertiesValidation() {}

  static void validate(RivuletProperties p, Errors errors) {
    if (p.getApplicationId() != null && !p.getApplicationId().matches(NAME)) {
      errors.rejectValue("applicationId", "pattern", "use letters, digits, '.', '_' and '-' only "
          + "(it is the consumer group id and the prefix of internal topics)");
    }
    if (p.getInstanceId() != null && !p.getInstanceId().matches(NAME)) {
      errors.rejectValue("instanceId", "pattern", "use letters, digits, '.', '_' and '-' only "
          + "(for example the pod name); leave it unset for dynamic membership");
    }
    if (p.getAdvertisedUrl() != null && !isHttpUrl(p.getAdvertisedUrl())) {
      errors.rejectValue("advertisedUrl", "url", "must be an absolute http(s) URL with a host, "
          + "such as http://my-app-0.my-app-headless:8080 (the other instances call it)");
    }
    if (p.getThreads() < 1) {
      errors.rejectValue("threads", "min", "must be at least 1 (worker threads of this instance)");
    }
    if (p.getStandbyReplicas() < 0) {
      errors.rejectValue("standbyReplicas", "min", "must be 0 (none) or more replicas per task");
    }
    if (p.getAcceptableRecoveryLag() < -1) {
      errors.rejectValue("acceptableRecoveryLag", "min", "must be a number of changelog records "
          + "(for example 10000), or -1 to move tasks at once");
    }
    if (p.getProbingRebalanceInterval().toMillis() < 1000) {
      errors.rejectValue("probingRebalanceInterval", "min", "must be at least 1s, for example 30s");
    }
    positive(errors, "commitInterval", p.getCommitInterval(), "for example 100ms");
    positive(errors, "startupTimeout", p.getStartupTimeout(), "for example 30s");
    if (p.getReplicationFactor() == 0 || p.getReplicationFactor() < -1) {
      errors.rejectValue("replicationFactor", "min", "must be at least 1, or -1 for the "
          + "broker's default.replication.factor");
    }
    positive(errors, "query.timeout", p.getQuery().getTimeout(), "for example 5s");
    RivuletProperties.Memory memory = p.getMemory();
    atLeast(errors, "memory.blockCache", memory.getBlockCache(), MIN_ROCKSDB);
    atLeast(errors, "memory.writeBuffer", memory.getWriteBuffer(), MIN_ROCKSDB);
    atLeast(errors, "memory.stateCache", memory.getStateCache(), DataSize.ofBytes(0));
    DevBrokerProperties dev = p.getDevBroker();
    if (dev.getPartitions() < 1) {
      errors.rejectValue("devBroker.partitions", "min", "must be at least 1");
    }
    if (dev.getPort() < 0 || dev.getPort() > 65_535) {
      errors.rejectValue("devBroker.port", "range", "must be a TCP port (1-65535), or 0 for a "
          + "free port");
    }
  }

  static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void positive(Errors errors, String field, @Nullable Duration value,
      String example) {
    if (value != null && (value.isNegative() || value.isZero())) {
      errors.rejectValue(field, "positive", "must be a positive duration, " + example);
    }
  }

  private static void atLeast(Errors errors, String field, DataSize value, DataSize min) {
    if (value.toBytes() < min.toBytes()) {
      errors.rejectValue(field, "min", "must be at least " + min.toBytes() + " bytes ("
          + (min.toBytes() == 0 ? "0 disables it" : "for example 64MB") + ")");
    }
  }
}
