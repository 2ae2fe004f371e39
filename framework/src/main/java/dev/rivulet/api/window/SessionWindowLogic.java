package dev.rivulet.api.window;

import java.util.ArrayList;
import java.util.List;

/**
 * Session windows: a record at {@code t} is the session {@code [t, t + gap)}; it merges with every
 * open session it overlaps (records less than {@code gap} apart). Stored sessions never overlap,
 * so checking the record's own interval finds every session it bridges. Closed sessions that have
 * not fired yet are never merged into: once the watermark has passed a session's deadline its
 * result is fixed.
 */
final class SessionWindowLogic<V, A> implements WindowLogic<V, A> {
  private final long gap;
  private final long lateness;
  private final WindowSettings<?, V, A> settings;

  SessionWindowLogic(long gap, WindowSettings<?, V, A> settings) {
    this.gap = gap;
    this.lateness = settings.latenessMillis();
    this.settings = settings;
  }

  @Override
  public long add(V value, long timestamp, long watermark, boolean markChanged, Slots<A> slots) {
    List<Slot<A>> bridged = new ArrayList<>();
    for (Slot<A> session : slots.all()) {
      boolean open = session.end() + lateness > watermark;
      if (open && session.start() < timestamp + gap && session.end() > timestamp) {
        bridged.add(session);
      }
    }
    long start = timestamp;
    long end = timestamp + gap;
    if (bridged.isEmpty() && end + lateness <= watermark) {
      return LATE;
    }
    A accumulator = null;
    for (Slot<A> session : bridged) {
      start = Math.min(start, session.start());
      end = Math.max(end, session.end());
      accumulator = accumulator == null ? session.aggregate()
          : settings.merge(accumulator, session.aggregate());
      slots.remove(session.start());
    }
    A base = accumulator == null ? settings.initial() : accumulator;
    slots.put(new Slot<>(start, end, settings.add(base, value), markChanged, false));
    return end + lateness;
  }

  @Override
  public long fire(long watermark, boolean provisional, Slots<A> slots, ResultSink<A> sink) {
    return slots.closeWindows(watermark, lateness, provisional, sink);
  }
}
