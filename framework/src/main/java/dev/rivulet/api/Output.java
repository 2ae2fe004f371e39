package dev.rivulet.api;

import dev.rivulet.api.serde.RivuletSerdes;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A named, typed output of a processor: declare it as a constant, add it to the processor
 * definition and emit to it with {@link KeyedContext#emit(Output, Object, Object)}.
 *
 * @param name name unique within the processor
 * @param topic destination topic
 * @param keySerde serializer for keys
 * @param valueSerde serializer for values
 */
public record Output<K, V>(String name, String topic, Serde<K> keySerde, Serde<V> valueSerde) {

  public Output {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** A String-keyed output whose values are JSON of {@code valueType}; the topic is the name. */
  public static <V> Output<String, V> of(String topic, Class<V> valueType) {
    return new Output<>(topic, topic, RivuletSerdes.string(), RivuletSerdes.forType(valueType));
  }
}
