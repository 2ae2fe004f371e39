package dev.rivulet.spring.query;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.spring.autoconfigure.SerdeTypes;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistration;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;

/**
 * Turns the text of a query URL into a typed key: a processor's key (its type from the
 * {@link StreamProcessorRegistry}), a map state's map key or an ordered store's key (their type
 * from the store's serde). The text itself for String keys; a conversion for types Spring
 * converts from text (numbers, UUIDs, enums, single-String value types); for a serde whose type
 * cannot be told (such as {@code RivuletSerdes.orderedLong()}), the text as a String, a long or
 * a double, whichever the serde writes and reads back unchanged; otherwise the serde reading the
 * text's UTF-8 bytes (JSON keys).
 *
 * <p>Thread-safe.
 */
public final class StateKeyParser {

  private final @Nullable StreamProcessorRegistry registry;
  private final ConversionService conversion = ApplicationConversionService.getSharedInstance();

  /**
   * Creates a parser.
   *
   * @param registry the starter's processors (their key types), or {@code null} to tell key
   *     types from the key serdes only
   */
  public StateKeyParser(@Nullable StreamProcessorRegistry registry) {
    this.registry = registry;
  }

  /**
   * A processor's key.
   *
   * @throws IllegalArgumentException if the text is no key of the processor, saying why
   */
  public Object processorKey(ProcessorDefinition<?, ?, ?> definition, String text) {
    Class<?> type = registry == null ? null : registry.find(definition.id())
        .map(StreamProcessorRegistration::keyType).orElse(null);
    if (type == null) {
      type = SerdeTypes.typeOf(definition.keySerde());
    }
    return parse(text, type, definition.keySerde(), definition.inputTopics().get(0), true,
        "key '" + text + "' of processor '" + definition.id() + "'");
  }

  /**
   * A key of a store: a map state's map key or an ordered key-value store's key.
   *
   * @param what names the key in the error message, such as "map key 'x' of store 'y'"
   * @throws IllegalArgumentException if the serde cannot read the text, saying why
   */
  public Object storeKey(Serde<?> serde, String text, String what) {
    Class<?> type = SerdeTypes.typeOf(serde);
    return parse(text, type, serde, "", type != null || serde instanceof JsonSerde, what);
  }

  private Object parse(String text, @Nullable Class<?> type, Serde<?> serde, String topic,
      boolean textMayBeSerialized, String what) {
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
    if (type == null) {
      for (Object candidate : candidates(text)) {
        if (roundTrips(serde, candidate)) {
          return candidate;
        }
      }
    }
    String failure = "its serde reads no key from this text";
    if (textMayBeSerialized) {
      try {
        Object key = serde.deserializer().deserialize(topic,
            text.getBytes(StandardCharsets.UTF_8));
        if (key != null) {
          return key;
        }
        failure = "it reads as null";
      } catch (RuntimeException e) {
        failure = e.getMessage();
      }
    }
    throw new IllegalArgumentException("Cannot read " + what
        + (type == null ? "" : " as " + type.getSimpleName()) + ": " + failure
        + ". Give String and number keys as text and other keys as JSON");
  }

  private static List<Object> candidates(String text) {
    List<Object> out = new ArrayList<>();
    out.add(text);
    try {
      out.add(Long.valueOf(text));
    } catch (NumberFormatException e) {
      // not a long
    }
    try {
      out.add(Double.valueOf(text));
    } catch (NumberFormatException e) {
      // not a number
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static boolean roundTrips(Serde<?> serde, Object candidate) {
    try {
      Serde<Object> s = (Serde<Object>) serde;
      byte[] bytes = s.serializer().serialize("", candidate);
      return bytes != null && Objects.equals(s.deserializer().deserialize("", bytes), candidate);
    } catch (RuntimeException e) { // ClassCastException: the serde takes another type
      return false;
    }
  }
}
