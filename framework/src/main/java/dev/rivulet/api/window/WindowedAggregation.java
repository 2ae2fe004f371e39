package dev.rivulet.api.window;

import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;


import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * An event-time windowed aggregation per key: which {@link Windows}, how records fold into an
 * accumulator, how long windows wait for late records, whether early results are emitted, and
 * where records go that come too late.
 *
 * <pre>{@code
 * static final WindowedAggregation<String, Payment, Stats> STATS = WindowedAggregation
 *     .<String, Payment, Stats>of(Windows.tumbling(Duration.ofMinutes(1)))
 *     .aggregator(Stats::empty, Stats::add, Stats::merge)
 *     .accumulatorType(Stats.class)
 *     .allowedLateness(Duration.ofSeconds(30))
 *     .earlyUpdates(Duration.ofSeconds(10))
 *     .lateRecordsTo(Output.of("payments-late", Payment.class))
 *     .build();
 *
 * ProcessorDefinition<String, Payment, WindowResult<String, Stats>> def = STATS
 *     .definitionBuilder("per-card-stats")
 *     .keyType(String.class)
 *     .input("payments", Payment.class)
 *     .output("card-stats", WindowResult.jsonSerde(String.class, Stats.class))
 *     .maxOutOfOrderness(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p><b>Semantics.</b> A window's final result is emitted once, when the task watermark reaches
 * {@code end + allowedLateness}, with the Kafka timestamp {@code end - 1}; then its state is
 * deleted. A record is <em>late</em> when every window it would belong to (after merging, for
 * sessions) has closed: it is counted and sent to the late output, or dropped; it never changes a
 * closed window. A record within the processor's {@code maxOutOfOrderness} is never late, and for
 * an aggregate that does not depend on the order of records (counts, sums, sets, min/max) the
 * final results do not depend on the arrival order either. {@code null} values are ignored.
 *
 * <p><b>Functions.</b> {@code adder} and {@code merger} may update and return their first
 * argument (a fresh copy read from state) but must not modify the second; {@code initializer}
 * must return a new empty accumulator that is the identity of {@code merger}.
 *
 * <p><b>Threading and lifetime:</b> immutable apart from its late-record counter, thread-safe;
 * declare it once (as a constant) and share it across tasks.
 *
 * @param <K> key type
 * @param <V> input value type
 * @param <A> accumulator type
 */
public final class WindowedAggregation<K, V, A> {
  private final WindowSettings<K, V, A> settings;
  private final LongAdder lateRecords = new LongAdder();
  private final KeyedWindowOperator<K, V, A> operator;
  private final KeyedWindowOperator<K, V, A> processorOperator;

  private WindowedAggregation(WindowSettings<K, V, A> settings) {
    this.settings = settings;
    this.operator = KeyedWindowOperator.shared(settings, lateRecords);
    this.processorOperator = KeyedWindowOperator.exclusive(settings, lateRecords);
  }

  /** Starts an aggregation over {@code windows}. */
  public static <K, V, A> Builder<K, V, A> of(Windows windows) {
    return new Builder<>(windows);
  }

  /** The windows. */
  public Windows windows() {
    return settings.windows();
  }

  /** How long after its end a window still accepts records. */
  public Duration allowedLateness() {
    return settings.allowedLateness();
  }

  /** The named output late records go to, if any. */
  public Optional<Output<K, V>> lateOutput() {
    return Optional.ofNullable(settings.lateOutput());
  }

  /** The state this aggregation keeps; must be declared on the processor definition. */
  public List<StateSpec> stateSpecs() {
    return operator.stateSpecs();
  }

  /** The window logic, to call from your own processor (see {@link WindowOperator}). */
  public WindowOperator<K, V, A> operator() {
    return operator;
  }

  /**
   * Late records seen by this aggregation since it was built, over all tasks of this instance
   * (dropped or sent to the late output). See {@link WindowMetricNames#LATE_RECORDS}.
   */
  public long lateRecordCount() {
    return lateRecords.sum();
  }

  /**
   * A processor definition builder whose processor runs this aggregation and emits every result
   * to the default output, keyed by the record key, with timestamp {@code end - 1}. Its state and
   * late output are already declared; add the key serde, inputs, the default output (for example
   * with {@link WindowResult#jsonSerde}) and the watermark settings.
   */
  public ProcessorDefinition.Builder<K, V, WindowResult<K, A>> definitionBuilder(String id) {
    return declareOn(ProcessorDefinition.builder(id, processorOperator.asProcessor()));
  }

  /** Declares this aggregation's state and late output on a definition; returns the builder. */
  public <O> ProcessorDefinition.Builder<K, V, O> declareOn(
      ProcessorDefinition.Builder<K, V, O> builder) {
    builder.state(stateSpecs().toArray(StateSpec[]::new));
    if (settings.lateOutput() != null) {
      builder.output(settings.lateOutput());
    }
    return builder;
  }

  @Override
  public String toString() {
    return "WindowedAggregation[" + settings.windows() + ", allowedLateness="
        + settings.allowedLateness() + ", state=" + settings.stateName() + "]";
  }

  /** Builder of a {@link WindowedAggregation}; not thread-safe. */
  public static final class Builder<K, V, A> {
    private final Windows windows;
    private @Nullable Supplier<A> initializer;
    private @Nullable BiFunction<A, ? super V, A> adder;
    private @Nullable BinaryOperator<A> merger;
    private @Nullable Serde<A> accumulatorSerde;
    private Duration allowedLateness = Duration.ZERO;
    private @Nullable Duration earlyInterval;
    private boolean earlyPerRecord;
    private @Nullable Output<K, V> lateOutput;
    private String stateName = "window";

    private Builder(Windows windows) {
      this.windows = Objects.requireNonNull(windows, "windows");
    }

    /** Folds records into an accumulator; enough for tumbling and hopping windows. */
    public Builder<K, V, A> aggregator(Supplier<A> initializer, BiFunction<A, ? super V, A> adder) {
      this.initializer = Objects.requireNonNull(initializer, "initializer");
      this.adder = Objects.requireNonNull(adder, "adder");
      return this;
    }

    /**
     * Folds records into an accumulator and merges two accumulators; session and sliding windows
     * need the merger.
     */
    public Builder<K, V, A> aggregator(Supplier<A> initializer, BiFunction<A, ? super V, A> adder,
        BinaryOperator<A> merger) {
      aggregator(initializer, adder);
      this.merger = Objects.requireNonNull(merger, "merger");
      return this;
    }

    /** Serde of the accumulator in state. */
    public Builder<K, V, A> accumulatorSerde(Serde<A> serde) {
      this.accumulatorSerde = Objects.requireNonNull(serde, "serde");
      return this;
    }

    /** Accumulator stored as JSON of {@code type} (or a built-in serde for String, Long...). */
    public Builder<K, V, A> accumulatorType(Class<A> type) {
      return accumulatorSerde(RivuletSerdes.forType(type));
    }

    /** How long after its end a window still accepts records; default 0. */
    public Builder<K, V, A> allowedLateness(Duration lateness) {
      if (lateness.isNegative()) {
        throw new IllegalArgumentException("allowedLateness must be >= 0, was " + lateness);
      }
      this.allowedLateness = lateness;
      return this;
    }

    /**
     * Emits provisional results of windows that changed, each time the watermark passes a
     * multiple of {@code interval} (epoch-aligned event time), until the final result.
     */
    public Builder<K, V, A> earlyUpdates(Duration interval) {
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException(
            "early update interval must be >= 1 ms, was " + interval);
      }
      this.earlyInterval = interval;
      this.earlyPerRecord = false;
      return this;
    }

    /** Emits a provisional result of every window a record changes, right away. */
    public Builder<K, V, A> earlyUpdatesPerRecord() {
      this.earlyPerRecord = true;
      this.earlyInterval = null;
      return this;
    }

    /** Sends late records to {@code output} (and counts them); by default they are dropped. */
    public Builder<K, V, A> lateRecordsTo(Output<K, V> output) {
      this.lateOutput = Objects.requireNonNull(output, "output");
      return this;
    }

    /**
     * Base name of the aggregation's state ({@code name} and {@code name-schedule}); default
     * {@code window}. Change it to run two aggregations in one processor.
     */
    public Builder<K, V, A> stateName(String name) {
      StateSpec.checkName(name + "-schedule");
      this.stateName = name;
      return this;
    }

    /** Builds the aggregation; throws {@link IllegalArgumentException} if it is incomplete. */
    public WindowedAggregation<K, V, A> build() {
      if (initializer == null || adder == null) {
        throw new IllegalArgumentException("Windowed aggregation needs aggregator(...)");
      }
      if (accumulatorSerde == null) {
        throw new IllegalArgumentException(
            "Windowed aggregation needs accumulatorSerde(...) or accumulatorType(...)");
      }
      boolean merging = windows instanceof Windows.Session || windows instanceof Windows.Sliding;
      if (merging && merger == null) {
        throw new IllegalArgumentException(windows + " need a merger: use "
            + "aggregator(initializer, adder, merger)");
      }
      return new WindowedAggregation<>(new WindowSettings<>(windows, initializer, adder, merger,
          accumulatorSerde, allowedLateness, earlyInterval, earlyPerRecord, lateOutput, stateName));
    }
  }
}
