package dev.rivulet.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** Spec of a {@link ListState}; create with {@link StateSpec#list}. */
public record ListStateSpec<T>(String name, Serde<T> elementSerde, @Nullable Duration ttl)
    implements StateSpec {

  public ListStateSpec {
    StateSpec.checkName(name);
    Objects.requireNonNull(elementSerde, "elementSerde");
    StateSpec.checkTtl(ttl);
  }

  /** A copy whose lists expire {@code ttl} after their last write. */
  public ListStateSpec<T> ttl(Duration ttl) {
    return new ListStateSpec<>(name, elementSerde, ttl);
  }
}
