package dev.rivulet.api.window;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.api.window.WindowOperator;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.Windows;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link WindowOperator} of every window kind: keeps the key's {@link Schedule} and its
 * timer, routes late records, and leaves window assignment to a {@link WindowLogic}.
 *
 * <p>Timer invariant: while a key has slots or a pending tick, it has an event-time timer at
 * {@code schedule.timer()}, registered above the watermark; with neither, it has no schedule.
 * When the schedule moves earlier, an operator that {@linkplain #exclusive owns the key's timers}
 * deletes the old timer, so the key has exactly one; a {@linkplain #shared shared} one cannot
 * (timers are deduplicated per key and time, so the deletion could remove another owner's timer
 * at the same time) and leaves it to fire as a no-op. If an {@code onTimer} call fails and the
 * error policy drops the timer, the key's next record arms it again.
 */
final class KeyedWindowOperator<K, V, A> implements WindowOperator<K, V, A> {
  private final WindowLogic<V, A> logic;
  private final MapStateSpec<Long, Slot<A>> slotsSpec;
  private final ValueStateSpec<Schedule> scheduleSpec;
  private final long earlyInterval;
  private final boolean earlyPerRecord;
  private final @Nullable Output<K, V> lateOutput;
  private final boolean ownsTimers;
  private final LongAdder lateRecords;

  private KeyedWindowOperator(WindowSettings<K, V, A> settings, boolean ownsTimers,
      LongAdder lateRecords) {
    this.ownsTimers = ownsTimers;
    this.lateRecords = lateRecords;
    this.logic = logicFor(settings);
    this.slotsSpec = StateSpec.map(settings.stateName(), RivuletSerdes.orderedLong(),
        Slot.serde(settings.accumulatorSerde()));
    this.scheduleSpec = StateSpec.value(settings.stateName() + "-schedule", Schedule.serde());
    this.earlyInterval = settings.earlyInterval() == null ? 0 : settings.earlyInterval().toMillis();
    this.earlyPerRecord = settings.earlyPerRecord();
    this.lateOutput = settings.lateOutput();
  }

  /** An operator that is the only user of its processor's event-time timers. */
  public static <K, V, A> KeyedWindowOperator<K, V, A> exclusive(WindowSettings<K, V, A> settings,
      LongAdder lateRecords) {
    return new KeyedWindowOperator<>(settings, true, lateRecords);
  }

  /** An operator sharing event-time timers with other code of its processor. */
  public static <K, V, A> KeyedWindowOperator<K, V, A> shared(WindowSettings<K, V, A> settings,
      LongAdder lateRecords) {
    return new KeyedWindowOperator<>(settings, false, lateRecords);
  }

  private static <V, A> WindowLogic<V, A> logicFor(WindowSettings<?, V, A> s) {
    Windows w = s.windows();
    if (w instanceof Windows.Tumbling t) {
      return new FixedWindowLogic<>(t.size().toMillis(), t.size().toMillis(), s);
    } else if (w instanceof Windows.Hopping h) {
      return new FixedWindowLogic<>(h.size().toMillis(), h.advance().toMillis(), s);
    } else if (w instanceof Windows.Sliding sl) {
      return new SlidingWindowLogic<>(sl.size().toMillis(), s);
    } else if (w instanceof Windows.Session se) {
      return new SessionWindowLogic<>(se.gap().toMillis(), s);
    }
    throw new IllegalArgumentException("Unknown windows " + w);
  }

  /** The specs to declare: the slots map and the schedule. */
  public List<StateSpec> stateSpecs() {
    return List.of(slotsSpec, scheduleSpec);
  }

  /**
   * A processor emitting every result to the default output with timestamp {@code end - 1}; use
   * it with an {@link #exclusive} operator.
   */
  public KeyedProcessor<K, V, WindowResult<K, A>> asProcessor() {
    return new WindowedAggregationProcessor<>(this);
  }

  @Override
  public void process(@Nullable V value, KeyedContext<K, ?> ctx,
      Consumer<? super WindowResult<K, A>> results) {
    if (value == null) {
      return;
    }
    long watermark = ctx.watermark();
    Slots<A> slots = new Slots<>(ctx.state(slotsSpec));
    long deadline = logic.add(value, ctx.timestamp(), watermark,
        earlyPerRecord || earlyInterval > 0, slots);
    if (deadline == WindowLogic.LATE) {
      late(value, ctx);
      return;
    }
    ValueState<Schedule> state = ctx.state(scheduleSpec);
    Schedule before = state.getOrDefault(Schedule.NONE);
    Schedule after;
    if (earlyPerRecord) {
      // a watermark below every deadline: report the changed windows, leave closing to the timer
      long earliest = logic.fire(Long.MIN_VALUE, true, slots, sink(ctx, results));
      after = new Schedule(earliest, Schedule.NEVER);
    } else {
      long tick = earlyInterval > 0 && before.tick() == Schedule.NEVER
          ? nextTick(watermark == Long.MIN_VALUE ? ctx.timestamp() : watermark) : before.tick();
      after = new Schedule(Math.min(before.deadline(), deadline), tick);
    }
    // a due timer may be gone: a failed onTimer under error policy SKIP drops it. Arm it again
    // (deduplicated if it is still there) rather than leave the key's windows open forever.
    long registered = before.timer() <= watermark ? Schedule.NEVER : before.timer();
    reschedule(ctx, state, registered, after);
  }

  @Override
  public boolean onTimer(long time, KeyedContext<K, ?> ctx,
      Consumer<? super WindowResult<K, A>> results) {
    ValueState<Schedule> state = ctx.state(scheduleSpec);
    Schedule schedule = state.get();
    long watermark = ctx.watermark();
    // an event-time timer at `time` fires only once the watermark has reached it
    if (schedule == null || schedule.timer() != time || watermark < time) {
      return false;
    }
    boolean tickDue = schedule.tick() <= watermark;
    long deadline = logic.fire(watermark, tickDue || earlyPerRecord,
        new Slots<>(ctx.state(slotsSpec)), sink(ctx, results));
    // a tick is pointless once the key has no window left
    long tick = tickDue || deadline == Schedule.NEVER ? Schedule.NEVER : schedule.tick();
    // the fired timer is gone already: nothing to delete
    reschedule(ctx, state, Schedule.NEVER, new Schedule(deadline, tick));
    return true;
  }

  private void reschedule(KeyedContext<K, ?> ctx, ValueState<Schedule> state, long registered,
      Schedule next) {
    if (next.timer() != registered) {
      if (registered != Schedule.NEVER && ownsTimers) {
        ctx.timers().deleteEventTime(registered);
      }
      if (!next.isNone()) {
        ctx.timers().eventTime(next.timer());
      }
    }
    if (next.isNone()) {
      state.clear();
    } else {
      state.put(next);
    }
  }

  /** The first multiple of the interval above {@code time} (the watermark, once there is one). */
  private long nextTick(long time) {
    return Math.floorDiv(time, earlyInterval) * earlyInterval + earlyInterval;
  }

  private void late(V value, KeyedContext<K, ?> ctx) {
    lateRecords.increment();
    if (lateOutput != null) {
      ctx.emit(lateOutput, ctx.key(), value);
    }
  }

  private static <K, A> ResultSink<A> sink(KeyedContext<K, ?> ctx,
      Consumer<? super WindowResult<K, A>> results) {
    K key = ctx.key();
    return (start, end, aggregate, isFinal) ->
        results.accept(new WindowResult<>(key, start, end, aggregate, isFinal));
  }
}
