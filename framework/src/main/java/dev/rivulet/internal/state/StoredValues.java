package dev.rivulet.internal.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads stored state bytes back into objects. A value that the store's serde cannot read is not
 * the input record's fault: it is state this version of the processor cannot use (most often a
 * state type changed in a way its older values cannot be read as). Dead-lettering the record
 * would drop its effect and that of every later record of the key, so it is a
 * {@link StateException}, which stops the worker with a message that says so.
 */
final class StoredValues {
  private StoredValues() {}

  static <T> T decode(Deserializer<T> deserializer, String changelog, byte[] raw) {
    try {
      return deserializer.deserialize(changelog, raw);
    } catch (SerializationException e) {
      throw new StateException("Stored state (changelog " + changelog + ") cannot be read by "
          + "this version of the processor: " + e.getMessage() + ". Did the state type change "
          + "in a way its stored values cannot be read as (a field renamed, retyped or removed "
          + "from the JSON)? Roll the change back, or make it compatible: add fields (they read "
          + "as 0/false/null from older values) and keep existing names and types", e);
    }
  }
}
