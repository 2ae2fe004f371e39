package dev.rivulet.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** Spec of a partition-wide {@link KeyValueStore}; create with {@link StateSpec#keyValue}. */
public record KeyValueStoreSpec<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, @Nullable Duration ttl)
    implements StateSpec {

  public KeyValueStoreSpec {
    StateSpec.checkName(name);
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    StateSpec.checkTtl(ttl);
  }

  /** A copy whose entries expire {@code ttl} after their last write. */
  public KeyValueStoreSpec<K, V> ttl(Duration ttl) {
    return new KeyValueStoreSpec<>(name, keySerde, valueSerde, ttl);
  }
}
