package dev.rivulet.api.window;

import dev.rivulet.api.window.WindowResult;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** JSON of {@link WindowResult} with its key and aggregate bound to concrete types. */
final class WindowResultJsonSerde {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private WindowResultJsonSerde() {}

  /** A thread-safe serde of {@code WindowResult<K, A>}. */
  public static <K, A> Serde<WindowResult<K, A>> of(Class<K> keyType, Class<A> aggregateType) {
    JavaType type = MAPPER.getTypeFactory()
        .constructParametricType(WindowResult.class, keyType, aggregateType);
    Serializer<WindowResult<K, A>> ser = (topic, result) -> {
      if (result == null) {
        return null;
      }
      try {
        return MAPPER.writeValueAsBytes(result);
      } catch (JacksonException e) {
        throw new SerializationException("Cannot write " + type + " as JSON: " + e.getMessage(), e);
      }
    };
    Deserializer<WindowResult<K, A>> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return MAPPER.readValue(bytes, type);
      } catch (JacksonException e) {
        throw new SerializationException("Cannot read JSON as " + type + " from topic " + topic
            + ": " + e.getOriginalMessage(), e);
      }
    };
    return Serdes.serdeFrom(ser, de);
  }
}
