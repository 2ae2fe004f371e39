package dev.rivulet.api.window;

import java.util.List;

/**
 * Sliding windows: one window {@code W(t) = [t - size + 1, t + 1)} per distinct record timestamp
 * {@code t}. State is one <em>pane</em> per timestamp (the accumulator of that timestamp's records,
 * keyed by its window start); a window's result is the merge of the panes it covers, computed when
 * it is reported. A pane outlives its own window until the last window that can cover it closes,
 * at {@code t + size + lateness}.
 *
 * <p>A record is late only when no open or future window can cover it
 * ({@code t + size + lateness <= watermark}); a record whose own window has closed but which still
 * falls into later windows is added to them without a window of its own.
 */
final class SlidingWindowLogic<V, A> implements WindowLogic<V, A> {
  private final long size;
  private final long lateness;
  private final WindowSettings<?, V, A> settings;

  SlidingWindowLogic(long size, WindowSettings<?, V, A> settings) {
    this.size = size;
    this.lateness = settings.latenessMillis();
    this.settings = settings;
  }

  @Override
  public long add(V value, long timestamp, long watermark, boolean markChanged, Slots<A> slots) {
    if (timestamp + size + lateness <= watermark) {
      return LATE;
    }
    long start = timestamp - size + 1;
    Slot<A> pane = slots.get(start);
    boolean ownWindowOpen = timestamp + 1 + lateness > watermark;
    Slot<A> updated = pane == null
        ? new Slot<>(start, timestamp + 1, settings.add(settings.initial(), value),
            markChanged && ownWindowOpen, !ownWindowOpen)
        : pane.withAggregate(settings.add(pane.aggregate(), value), markChanged && !pane.emitted());
    slots.put(updated);
    if (markChanged) {
      markLaterWindowsChanged(timestamp, slots);
    }
    return deadline(updated);
  }

  /** Windows of later timestamps within {@code size} now cover the record too. */
  private void markLaterWindowsChanged(long timestamp, Slots<A> slots) {
    for (Slot<A> pane : slots.all()) {
      long t = pane.end() - 1;
      if (t > timestamp && t < timestamp + size && !pane.emitted() && !pane.changed()) {
        slots.put(pane.markChanged());
      }
    }
  }

  @Override
  public long fire(long watermark, boolean provisional, Slots<A> slots, ResultSink<A> sink) {
    List<Slot<A>> panes = slots.all();
    long next = Schedule.NEVER;
    for (int i = 0; i < panes.size(); i++) {
      Slot<A> pane = panes.get(i);
      boolean closes = !pane.emitted() && pane.end() + lateness <= watermark;
      boolean report = provisional && pane.changed() && !pane.emitted();
      Slot<A> after = pane;
      if (closes || report) {
        sink.accept(pane.start(), pane.end(), windowAggregate(panes, i), closes);
        after = closes ? pane.finished() : pane.reported();
      }
      if (after.end() - 1 + size + lateness <= watermark) {
        slots.remove(pane.start());
      } else {
        if (after != pane) {
          slots.put(after);
        }
        next = Math.min(next, deadline(after));
      }
    }
    return next;
  }

  /** Merge of the panes of {@code panes.get(last)}'s window, from a fresh accumulator. */
  private A windowAggregate(List<Slot<A>> panes, int last) {
    long windowStart = panes.get(last).start();
    int first = last;
    while (first > 0 && panes.get(first - 1).end() > windowStart) {
      first--;
    }
    A accumulator = settings.initial();
    for (int i = first; i <= last; i++) {
      accumulator = settings.merge(accumulator, panes.get(i).aggregate());
    }
    return accumulator;
  }

  private long deadline(Slot<A> pane) {
    long t = pane.end() - 1;
    return pane.emitted() ? t + size + lateness : t + 1 + lateness;
  }
}
