package dev.rivulet.api.state;

import java.util.List;

/** The current key's list. Valid only during the call that obtained it. */
public interface ListState<T> {

  /** A copy of the list; empty if absent or expired. */
  List<T> get();

  void add(T element);

  /** Replaces the whole list. */
  void update(List<T> elements);

  void clear();
}
