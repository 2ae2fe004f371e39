package dev.rivulet.spring.actuate;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistration;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;

/**
 * Turns the key text of a query URL into a processor's key: the text itself for String keys, a
 * conversion for types Spring can convert from text (numbers, UUIDs, enums, single-String
 * value types), otherwise the processor's key serde reading the text's UTF-8 bytes (JSON keys).
 * Thread-safe.
 */
final class QueryKeyParser {

  private final @Nullable StreamProcessorRegistry registry;
  private final ConversionService conversion = ApplicationConversionService.getSharedInstance();

  QueryKeyParser(@Nullable StreamProcessorRegistry registry) {
    this.registry = registry;
  }

  Object parse(ProcessorDefinition<?, ?, ?> definition, String text) {
    Class<?> type = registry == null ? null : registry.find(definition.id())
        .map(StreamProcessorRegistration::keyType).orElse(null);
    if (type == String.class) {
      return text;
    }
    if (type != null && conversion.canConvert(String.class, type)) {
      try {
        Object key = conversion.convert(text, type);
        if (key != null) {
          return key;
        }
      } catch (ConversionException e) {
        // not convertible as text: maybe JSON
      }
    }
    String failure;
    try {
      Object key = definition.keySerde().deserializer()
          .deserialize(definition.inputTopics().get(0), text.getBytes(StandardCharsets.UTF_8));
      if (key != null) {
        return key;
      }
      failure = "it reads as null";
    } catch (RuntimeException e) {
      failure = e.getMessage();
    }
    String reason = "Cannot read key '" + text + "' of processor '" + definition.id() + "'"
        + (type == null ? "" : " as " + type.getSimpleName()) + ": " + failure
        + ". Give String and number keys as text and other keys as JSON";
    throw new InvalidEndpointRequestException(reason, reason);
  }
}
