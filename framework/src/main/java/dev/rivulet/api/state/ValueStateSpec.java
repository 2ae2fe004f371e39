package dev.rivulet.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** Spec of a {@link ValueState}; create with {@link StateSpec#value}. */
public record ValueStateSpec<T>(String name, Serde<T> serde, @Nullable Duration ttl)
    implements StateSpec {

  public ValueStateSpec {
    StateSpec.checkName(name);
    Objects.requireNonNull(serde, "serde");
    StateSpec.checkTtl(ttl);
  }

  /** A copy whose entries expire {@code ttl} after their last write. */
  public ValueStateSpec<T> ttl(Duration ttl) {
    return new ValueStateSpec<>(name, serde, ttl);
  }
}
