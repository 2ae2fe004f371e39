package dev.rivulet.api.window;

import dev.rivulet.api.state.MapState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The current key's window slots, keyed and ordered by window start. Valid for one call. */
final class Slots<A> {
  private final MapState<Long, Slot<A>> state;

  Slots(MapState<Long, Slot<A>> state) {
    this.state = state;
  }

  @Nullable Slot<A> get(long start) {
    return state.get(start);
  }

  void put(Slot<A> slot) {
    state.put(slot.start(), slot);
  }

  void remove(long start) {
    state.remove(start);
  }

  /** Every slot, by ascending start. */
  List<Slot<A>> all() {
    List<Slot<A>> out = new ArrayList<>();
    for (Map.Entry<Long, Slot<A>> e : state.entries()) {
      out.add(e.getValue());
    }
    return out;
  }

  /**
   * For windows whose slot is the whole window (fixed and session windows): emits the final
   * result of every window with {@code end + lateness <= watermark} and deletes it; if
   * {@code provisional}, emits the other windows that changed. Returns the earliest deadline left,
   * or {@link Schedule#NEVER}.
   */
  long closeWindows(long watermark, long lateness, boolean provisional, ResultSink<A> sink) {
    long next = Schedule.NEVER;
    for (Slot<A> slot : all()) {
      long deadline = slot.end() + lateness;
      if (deadline <= watermark) {
        sink.accept(slot.start(), slot.end(), slot.aggregate(), true);
        remove(slot.start());
      } else {
        if (provisional && slot.changed()) {
          sink.accept(slot.start(), slot.end(), slot.aggregate(), false);
          put(slot.reported());
        }
        next = Math.min(next, deadline);
      }
    }
    return next;
  }
}
