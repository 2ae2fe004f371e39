package dev.rivulet.api;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One input topic of a processor with its serdes. All inputs of a processor must be
 * co-partitioned: same partition count and same key partitioning, so that one key always reaches
 * the same task.
 */
public record Input<K, V>(String topic, Serde<K> keySerde, Serde<V> valueSerde) {

  public Input {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }
}
