package dev.rivulet.api.state;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The current key's map. Valid only during the call that obtained it. */
public interface MapState<MK, MV> {

  @Nullable MV get(MK mapKey);

  void put(MK mapKey, MV value);

  void remove(MK mapKey);

  boolean contains(MK mapKey);

  /** A snapshot of the entries in serialized-key order. */
  Iterable<Map.Entry<MK, MV>> entries();

  /** Removes all entries of the current key. */
  void clear();

  boolean isEmpty();
}
