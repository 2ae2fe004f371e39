package dev.rivulet.api.window;

/**
 * Tumbling ({@code advance == size}) and hopping windows, aligned to the epoch: a record at
 * {@code t} belongs to every window {@code [s, s + size)} with {@code s} a multiple of
 * {@code advance} and {@code s <= t < s + size}. One slot per window.
 */
final class FixedWindowLogic<V, A> implements WindowLogic<V, A> {
  private final long size;
  private final long advance;
  private final long lateness;
  private final WindowSettings<?, V, A> settings;

  FixedWindowLogic(long size, long advance, WindowSettings<?, V, A> settings) {
    this.size = size;
    this.advance = advance;
    this.lateness = settings.latenessMillis();
    this.settings = settings;
  }

  @Override
  public long add(V value, long timestamp, long watermark, boolean markChanged, Slots<A> slots) {
    long earliest = LATE;
    // latest window first; windows starting earlier end earlier, so the first closed one ends it
    for (long start = timestamp - Math.floorMod(timestamp, advance); start > timestamp - size;
        start -= advance) {
      long end = start + size;
      if (end + lateness <= watermark) {
        break;
      }
      Slot<A> slot = slots.get(start);
      slots.put(slot == null
          ? new Slot<>(start, end, settings.add(settings.initial(), value), markChanged, false)
          : slot.withAggregate(settings.add(slot.aggregate(), value), markChanged));
      earliest = end + lateness;
    }
    return earliest;
  }

  @Override
  public long fire(long watermark, boolean provisional, Slots<A> slots, ResultSink<A> sink) {
    return slots.closeWindows(watermark, lateness, provisional, sink);
  }
}
