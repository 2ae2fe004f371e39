package dev.rivulet.api.window;

/**
 * How one kind of window assigns records and closes windows, over the current key's slots. A
 * slot's <em>deadline</em> is the watermark at which something must happen to it (usually its
 * window closes). Implementations are stateless and thread-safe.
 */
interface WindowLogic<V, A> {
  /** Returned by {@link #add} when the record is late. */
  long LATE = Long.MIN_VALUE;

  /**
   * Adds a record to every window of it that is still open at {@code watermark}.
   *
   * @param markChanged mark changed windows for a provisional result
   * @return the earliest deadline of the slots written, or {@link #LATE} if no window was open
   */
  long add(V value, long timestamp, long watermark, boolean markChanged, Slots<A> slots);

  /**
   * Emits the final result of every window closed at {@code watermark}, deletes the state no
   * longer needed and, if {@code provisional}, emits the open windows that changed.
   *
   * @return the earliest deadline left, or {@link Schedule#NEVER}
   */
  long fire(long watermark, boolean provisional, Slots<A> slots, ResultSink<A> sink);
}
