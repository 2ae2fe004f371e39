package dev.rivulet.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-process single-node KRaft broker for local development. Needs rivulet-embedded-broker
 * on the classpath; never used when spring.kafka.bootstrap-servers is set.
 */
public class DevBrokerProperties {

  /** Whether to start an embedded Kafka broker for local development. */
  private boolean enabled;

  /**
   * Topics to create on the dev broker, as name or name:partitions. Missing input topics of
   * the processors are created as well.
   */
  private List<String> topics = new ArrayList<>();

  /** Partition count of topics created without an explicit count. */
  private int partitions = 1;

  /**
   * Fixed port of the dev broker's listener, so that kcat and other tools can connect at
   * localhost:PORT; 0 picks a free port (logged at start).
   */
  private int port;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getTopics() {
    return topics;
  }

  public void setTopics(List<String> topics) {
    this.topics = topics;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public int getPartitions() {
    return partitions;
  }

  public void setPartitions(int partitions) {
    this.partitions = partitions;
  }
}
