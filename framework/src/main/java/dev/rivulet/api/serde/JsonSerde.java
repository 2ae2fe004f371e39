package dev.rivulet.api.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serde for records and POJOs, backed by Jackson. Types can gain and lose fields: unknown
 * properties are ignored, and properties missing from the JSON read as Java's defaults (0,
 * false, null; Jackson 3 would otherwise refuse a missing primitive), so that a state type that
 * gained a field still reads the values stored before, and producers can add fields. Malformed
 * JSON raises {@link SerializationException}: for input, the processor's error policy handles
 * it; for stored state, the worker stops. Thread-safe.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static final JsonMapper DEFAULT_MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private final JsonMapper mapper;
  private final JavaType type;

  private JsonSerde(JsonMapper mapper, JavaType type) {
    this.mapper = mapper;
    this.type = type;
  }

  /** A serde for {@code type} with Rivulet's default mapper. */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return of(DEFAULT_MAPPER, type);
  }

  /** A serde for {@code type} with a caller-configured mapper. */
  public static <T> JsonSerde<T> of(JsonMapper mapper, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return new JsonSerde<>(mapper, mapper.constructType(type));
  }

  /** The target type. */
  public JavaType type() {
    return type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.writeValueAsBytes(data);
    } catch (JacksonException e) {
      throw new SerializationException("Cannot write " + type + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.readValue(data, type);
    } catch (JacksonException e) {
      throw new SerializationException(
          "Cannot read JSON as " + type + " from topic " + topic + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public void close() {}

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
