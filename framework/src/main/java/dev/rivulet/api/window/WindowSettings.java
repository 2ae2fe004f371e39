package dev.rivulet.api.window;

import dev.rivulet.api.Output;
import dev.rivulet.api.window.Windows;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * Everything a windowed aggregation was configured with; validated by the API's builder.
 *
 * @param earlyInterval early updates every this much event time, or {@code null}
 * @param earlyPerRecord early updates after every record
 */
record WindowSettings<K, V, A>(
    Windows windows,
    Supplier<A> initializer,
    BiFunction<A, ? super V, A> adder,
    @Nullable BinaryOperator<A> merger,
    Serde<A> accumulatorSerde,
    Duration allowedLateness,
    @Nullable Duration earlyInterval,
    boolean earlyPerRecord,
    @Nullable Output<K, V> lateOutput,
    String stateName) {

  long latenessMillis() {
    return allowedLateness.toMillis();
  }

  A merge(A into, A other) {
    if (merger == null) {
      throw new IllegalStateException(windows + " need a merger");
    }
    return merger.apply(into, other);
  }

  A add(A accumulator, V value) {
    return adder.apply(accumulator, value);
  }

  A initial() {
    return initializer.get();
  }
}
