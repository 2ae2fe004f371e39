package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.serde.JsonSerde;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/** The Java type a serde reads and writes, where it can be told. Stateless, thread-safe. */
public final class SerdeTypes {

  private SerdeTypes() {}

  /**
   * The type of {@code serde}: the target of a {@link JsonSerde}, the type of Kafka's built-in
   * serdes, else its resolvable type argument.
   *
   * @return the type, or {@code null} when it cannot be told (a serde built from lambdas, such
   *     as {@code RivuletSerdes.orderedLong()})
   */
  public static @Nullable Class<?> typeOf(Serde<?> serde) {
    if (serde instanceof JsonSerde<?> json) {
      return json.type().getRawClass();
    }
    if (serde instanceof Serdes.StringSerde) {
      return String.class;
    } else if (serde instanceof Serdes.LongSerde) {
      return Long.class;
    } else if (serde instanceof Serdes.IntegerSerde) {
      return Integer.class;
    } else if (serde instanceof Serdes.DoubleSerde) {
      return Double.class;
    } else if (serde instanceof Serdes.UUIDSerde) {
      return UUID.class;
    }
    Class<?> resolved = ResolvableType.forInstance(serde).as(Serde.class).getGeneric(0).resolve();
    return resolved == Object.class ? null : resolved;
  }
}
