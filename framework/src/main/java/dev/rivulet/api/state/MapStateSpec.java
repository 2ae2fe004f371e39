package dev.rivulet.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** Spec of a {@link MapState}; create with {@link StateSpec#map}. */
public record MapStateSpec<MK, MV>(
    String name, Serde<MK> keySerde, Serde<MV> valueSerde, @Nullable Duration ttl)
    implements StateSpec {

  public MapStateSpec {
    StateSpec.checkName(name);
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    StateSpec.checkTtl(ttl);
  }

  /** A copy whose map entries expire {@code ttl} after their last write. */
  public MapStateSpec<MK, MV> ttl(Duration ttl) {
    return new MapStateSpec<>(name, keySerde, valueSerde, ttl);
  }
}
