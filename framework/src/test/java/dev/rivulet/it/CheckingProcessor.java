package dev.rivulet.it;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The processor the integration tests check: per key a count in RocksDB state, one output per
 * input {@code key|count|id}, and one event-time timer per key per 10 s bucket of event time that
 * emits {@code key|timer|time}. Any lost, duplicated or doubly-applied input shows up as a wrong
 * count sequence or a missing/duplicate id; a timer firing twice shows up as a duplicate.
 */
public final class CheckingProcessor implements KeyedProcessor<String, String, String> {
  public static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);
  public static final long BUCKET_MILLIS = 10_000;

  private final long delayMicros;
  private final Predicate<String> stallOn;
  private final long stallMillis;

  public CheckingProcessor(long delayMicros, Predicate<String> stallOn, long stallMillis) {
    this.delayMicros = delayMicros;
    this.stallOn = stallOn;
    this.stallMillis = stallMillis;
  }

  public CheckingProcessor() {
    this(0, id -> false, 0);
  }

  public static long bucketEnd(long timestamp) {
    return (timestamp / BUCKET_MILLIS + 1) * BUCKET_MILLIS;
  }

  @Override
  public void process(String id, KeyedContext<String, String> ctx) {
    if (delayMicros > 0) {
      LockSupport.parkNanos(delayMicros * 1_000);
    }
    if (stallOn.test(id)) {
      try {
        Thread.sleep(stallMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long n = ctx.state(COUNT).getOrDefault(0L) + 1;
    ctx.state(COUNT).put(n);
    ctx.emit(ctx.key() + "|" + n + "|" + id);
    ctx.timers().eventTime(bucketEnd(ctx.timestamp()));
  }

  @Override
  public void onTimer(long time, KeyedContext<String, String> ctx) {
    ctx.emit(ctx.key() + "|timer|" + time);
  }

  public static ProcessorDefinition<String, String, String> definition(
      String id, String input, String output, CheckingProcessor processor) {
    return ProcessorDefinition.builder(id, processor)
        .keySerde(RivuletSerdes.string())
        .input(input, RivuletSerdes.string())
        .output(output, RivuletSerdes.string())
        .state(COUNT)
        .build();
  }
}
