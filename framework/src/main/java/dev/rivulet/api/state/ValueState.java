package dev.rivulet.api.state;

import org.jspecify.annotations.Nullable;

/** The current key's single value. Valid only during the call that obtained it. */
public interface ValueState<T> {

  /** The value, or {@code null} if absent or expired. */
  @Nullable T get();

  /** The value, or {@code fallback} if absent or expired. */
  default T getOrDefault(T fallback) {
    T value = get();
    return value == null ? fallback : value;
  }

  /** Sets the value (and restarts its TTL). */
  void put(T value);

  /** Removes the value; the changelog receives a tombstone at commit. */
  void clear();
}
