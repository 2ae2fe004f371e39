package dev.rivulet.api.window;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.window.WindowResult;
import java.util.function.Consumer;

/**
 * Runs a {@link KeyedWindowOperator} as a processor: every result goes to the default output,
 * keyed by the record key, with the window's last timestamp ({@code end - 1}) as its Kafka
 * timestamp, so that results are deterministic. Stateless; shared by all tasks.
 */
final class WindowedAggregationProcessor<K, V, A>
    implements KeyedProcessor<K, V, WindowResult<K, A>> {
  private final KeyedWindowOperator<K, V, A> operator;

  WindowedAggregationProcessor(KeyedWindowOperator<K, V, A> operator) {
    this.operator = operator;
  }

  @Override
  public void process(V value, KeyedContext<K, WindowResult<K, A>> ctx) {
    operator.process(value, ctx, emitter(ctx));
  }

  @Override
  public void onTimer(long time, KeyedContext<K, WindowResult<K, A>> ctx) {
    operator.onTimer(time, ctx, emitter(ctx));
  }

  private static <K, A> Consumer<WindowResult<K, A>> emitter(
      KeyedContext<K, WindowResult<K, A>> ctx) {
    return result -> ctx.emit(result.key(), result, result.end() - 1);
  }
}
