package dev.rivulet.api.window;

import dev.rivulet.api.KeyedContext;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The window logic of a {@link WindowedAggregation}, for use inside your own
 * {@link dev.rivulet.api.KeyedProcessor} (for example to turn window results into alerts).
 * {@link WindowedAggregation#definitionBuilder(String)} wraps it in a ready-made processor.
 *
 * <pre>{@code
 * public void process(Payment p, KeyedContext<String, Alert> ctx) {
 *   STATS.operator().process(p, ctx, early -> {});   // early results, if enabled
 * }
 * public void onTimer(long time, KeyedContext<String, Alert> ctx) {
 *   STATS.operator().onTimer(time, ctx, result -> {
 *     if (result.isFinal() && result.aggregate().total() > LIMIT) ctx.emit(Alert.of(result));
 *   });
 * }
 * }</pre>
 *
 * <p>Declare the aggregation's state (and late output) on your definition with
 * {@link WindowedAggregation#declareOn}; give each aggregation of one processor its own
 * {@linkplain WindowedAggregation.Builder#stateName state name}. Pass <em>every</em>
 * {@code onTimer} call of your processor to every operator: each handles its own timers and
 * returns {@code false} for the others. Timers are deduplicated per key and time, so the operator
 * never deletes one (another owner may have one at the same time); it may leave a timer that
 * fires as a no-op, and has at most one timer per window deadline of a key plus one for early
 * updates (usually one in all). For the same reason, deleting one of your own event-time timers
 * would also delete an operator's timer at that time: let yours fire and ignore them instead.
 *
 * <p><b>Threading and lifetime:</b> stateless apart from a late-record counter; one instance is
 * shared by all tasks and may be called concurrently from different worker threads with different
 * contexts. Results are delivered synchronously, before the call returns, on the calling thread.
 *
 * @param <K> key type
 * @param <V> input value type
 * @param <A> accumulator type
 */
public interface WindowOperator<K, V, A> {

  /**
   * Adds a record (the context's key and timestamp) to its windows, or treats it as late. A
   * {@code null} value (tombstone) is ignored. May deliver early results to {@code results}.
   *
   * @param value the record's value
   * @param ctx the current context, used for state, timers, the watermark and the late output
   * @param results receives early results (never final ones: those come from {@link #onTimer})
   */
  void process(@Nullable V value, KeyedContext<K, ?> ctx,
      Consumer<? super WindowResult<K, A>> results);

  /**
   * Closes the key's windows that the watermark has passed and delivers their final results, and
   * early results when due.
   *
   * @return {@code true} if the timer was the operator's, {@code false} if it is someone else's
   *     (then nothing was done)
   */
  boolean onTimer(long time, KeyedContext<K, ?> ctx, Consumer<? super WindowResult<K, A>> results);
}
