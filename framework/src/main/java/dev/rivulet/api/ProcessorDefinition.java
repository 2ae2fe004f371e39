package dev.rivulet.api;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * Everything the runtime needs to run one processor: its id, co-partitioned inputs, outputs,
 * state specs and policies. Immutable; build with {@link #builder(String, KeyedProcessor)}.
 *
 * <p>A class rather than a record, so that an option added later breaks no caller.
 */
public final class ProcessorDefinition<K, V, O> {
  private static final Pattern VALID_ID = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
  /** The default of {@link Builder#maxFutureEventTime(Duration)}. */
  public static final Duration DEFAULT_MAX_FUTURE_EVENT_TIME = Duration.ofDays(1);

  private final String id;
  private final Supplier<? extends KeyedProcessor<K, V, O>> processorFactory;
  private final Serde<K> keySerde;
  private final List<Input<K, ? extends V>> inputs;
  private final @Nullable String output;
  private final @Nullable Serde<O> outputValueSerde;
  private final Map<String, Output<?, ?>> namedOutputs;
  private final List<StateSpec> stateSpecs;
  private final @Nullable ProcessingGuarantee guarantee;
  private final ErrorPolicy errorPolicy;
  private final RetryPolicy retry;
  private final @Nullable String deadLetterTopic;
  private final TimestampExtractor<V> timestampExtractor;
  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final Duration maxFutureEventTime;

  private ProcessorDefinition(Builder<K, V, O> b, List<Input<K, ? extends V>> inputs) {
    String id = b.id;
    if (!VALID_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Processor id '" + id + "' is invalid: use 1-100 of [a-zA-Z0-9._-]");
    }
    Objects.requireNonNull(b.factory, "processorFactory");
    Objects.requireNonNull(b.keySerde, "keySerde of processor " + id);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "Processor '" + id + "' has no inputs: add at least one input topic");
    }
    if (b.output != null && b.outputValueSerde == null) {
      throw new IllegalArgumentException("Processor '" + id + "' output needs a value serde");
    }
    inputs = List.copyOf(inputs);
    Map<String, Output<?, ?>> namedOutputs = Map.copyOf(b.namedOutputs);
    List<StateSpec> stateSpecs = List.copyOf(b.stateSpecs);
    long distinctStores = stateSpecs.stream().map(StateSpec::name).distinct().count();
    if (distinctStores != stateSpecs.size()) {
      throw new IllegalArgumentException("Processor '" + id + "' declares a state name twice");
    }
    long distinctInputs = inputs.stream().map(Input::topic).distinct().count();
    if (distinctInputs != inputs.size()) {
      throw new IllegalArgumentException("Processor '" + id + "' lists an input topic twice");
    }
    if (b.maxOutOfOrderness.isNegative() || b.idleTimeout.isNegative()
        || b.maxFutureEventTime.isNegative()) {
      throw new IllegalArgumentException("Processor '" + id + "' watermark durations must be >= 0");
    }
    this.id = id;
    this.processorFactory = b.factory;
    this.keySerde = b.keySerde;
    this.inputs = inputs;
    this.output = b.output;
    this.outputValueSerde = b.outputValueSerde;
    this.namedOutputs = namedOutputs;
    this.stateSpecs = stateSpecs;
    this.guarantee = b.guarantee;
    this.errorPolicy = b.errorPolicy;
    this.retry = b.retry;
    this.deadLetterTopic = b.deadLetterTopic;
    this.timestampExtractor = b.timestampExtractor;
    this.maxOutOfOrderness = b.maxOutOfOrderness;
    this.idleTimeout = b.idleTimeout;
    this.maxFutureEventTime = b.maxFutureEventTime;
  }

  /** Unique within the application; part of changelog and dead-letter topic names. */
  public String id() {
    return id;
  }

  /** Creates the processor for a task (may return one shared instance). */
  public Supplier<? extends KeyedProcessor<K, V, O>> processorFactory() {
    return processorFactory;
  }

  /** Serde of the input keys (also the default output's and per-key state's keys). */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** One or more co-partitioned input topics. */
  public List<Input<K, ? extends V>> inputs() {
    return inputs;
  }

  /** Default output topic, or {@code null} if the processor only uses named outputs. */
  public @Nullable String output() {
    return output;
  }

  /** Serde of the default output's values. */
  public @Nullable Serde<O> outputValueSerde() {
    return outputValueSerde;
  }

  /** Named outputs by name. */
  public Map<String, Output<?, ?>> namedOutputs() {
    return namedOutputs;
  }

  /** Declared stores. */
  public List<StateSpec> stateSpecs() {
    return stateSpecs;
  }

  /** Processing guarantee, or {@code null} for the runtime's default. */
  public @Nullable ProcessingGuarantee guarantee() {
    return guarantee;
  }

  /** What happens to records that cannot be processed. */
  public ErrorPolicy errorPolicy() {
    return errorPolicy;
  }

  /** Retries of transient failures before the error policy applies. */
  public RetryPolicy retry() {
    return retry;
  }

  /** Topic for {@link ErrorPolicy#DEAD_LETTER}, or {@code null} for {@code <application-id>-<id>-dlq}. */
  public @Nullable String deadLetterTopic() {
    return deadLetterTopic;
  }

  /** Event-time extractor. */
  public TimestampExtractor<V> timestampExtractor() {
    return timestampExtractor;
  }

  /** Bound on event-time disorder used for the watermark. */
  public Duration maxOutOfOrderness() {
    return maxOutOfOrderness;
  }

  /** A partition without records for this long stops holding the watermark back. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * How far ahead of the clock an event time may be; a record beyond it follows the error
   * policy. Zero: no bound.
   */
  public Duration maxFutureEventTime() {
    return maxFutureEventTime;
  }

  /** Starts a definition for a processor instance shared by all tasks. */
  public static <K, V, O> Builder<K, V, O> builder(String id, KeyedProcessor<K, V, O> processor) {
    Objects.requireNonNull(processor, "processor");
    return new Builder<>(id, () -> processor);
  }

  /** Starts a definition whose tasks each get their own processor from {@code factory}. */
  public static <K, V, O> Builder<K, V, O> builder(
      String id, Supplier<? extends KeyedProcessor<K, V, O>> factory) {
    return new Builder<>(id, factory);
  }

  /** The topics of all inputs, in declaration order. */
  public List<String> inputTopics() {
    return inputs.stream().map(Input::topic).toList();
  }

  /** Builder of a {@link ProcessorDefinition}; not thread-safe. */
  public static final class Builder<K, V, O> {
    private final String id;
    private final Supplier<? extends KeyedProcessor<K, V, O>> factory;
    private Serde<K> keySerde;
    private final List<String> inputTopics = new ArrayList<>();
    private final List<Serde<? extends V>> inputSerdes = new ArrayList<>();
    private @Nullable String output;
    private @Nullable Serde<O> outputValueSerde;
    private final Map<String, Output<?, ?>> namedOutputs = new LinkedHashMap<>();
    private final List<StateSpec> stateSpecs = new ArrayList<>();
    private @Nullable ProcessingGuarantee guarantee;
    private ErrorPolicy errorPolicy = ErrorPolicy.FAIL;
    private RetryPolicy retry = RetryPolicy.NONE;
    private @Nullable String deadLetterTopic;
    private TimestampExtractor<V> timestampExtractor = TimestampExtractor.recordTimestamp();
    private Duration maxOutOfOrderness = Duration.ZERO;
    private Duration idleTimeout = Duration.ofMinutes(1);
    private Duration maxFutureEventTime = DEFAULT_MAX_FUTURE_EVENT_TIME;

    private Builder(String id, Supplier<? extends KeyedProcessor<K, V, O>> factory) {
      this.id = id;
      this.factory = factory;
    }

    /** Serde of the input keys. */
    public Builder<K, V, O> keySerde(Serde<K> serde) {
      this.keySerde = serde;
      return this;
    }

    /** Key serde chosen by type: built-ins for String/Long/Integer/byte[], JSON otherwise. */
    public Builder<K, V, O> keyType(Class<K> type) {
      return keySerde(RivuletSerdes.forType(type));
    }

    /** Adds an input topic; inputs may carry different subtypes of {@code V}. */
    public Builder<K, V, O> input(String topic, Serde<? extends V> valueSerde) {
      inputTopics.add(Objects.requireNonNull(topic, "topic"));
      inputSerdes.add(Objects.requireNonNull(valueSerde, "valueSerde"));
      return this;
    }

    /** Adds an input topic whose values are deserialized as {@code type}. */
    public Builder<K, V, O> input(String topic, Class<? extends V> type) {
      return input(topic, RivuletSerdes.forType(type));
    }

    /** Sets the default output topic and its value serde (keys use the key serde). */
    public Builder<K, V, O> output(String topic, Serde<O> valueSerde) {
      this.output = topic;
      this.outputValueSerde = valueSerde;
      return this;
    }

    /** Sets the default output topic with values serialized by type. */
    public Builder<K, V, O> output(String topic, Class<O> type) {
      return output(topic, RivuletSerdes.forType(type));
    }

    /** Declares a named output. */
    public Builder<K, V, O> output(Output<?, ?> named) {
      if (namedOutputs.putIfAbsent(named.name(), named) != null) {
        throw new IllegalArgumentException("Output '" + named.name() + "' declared twice");
      }
      return this;
    }

    /** Declares stores. */
    public Builder<K, V, O> state(StateSpec... specs) {
      stateSpecs.addAll(List.of(specs));
      return this;
    }

    public Builder<K, V, O> guarantee(ProcessingGuarantee guarantee) {
      this.guarantee = guarantee;
      return this;
    }

    public Builder<K, V, O> errorPolicy(ErrorPolicy policy) {
      this.errorPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Retries transient failures before the error policy applies. */
    public Builder<K, V, O> retry(RetryPolicy retry) {
      this.retry = java.util.Objects.requireNonNull(retry, "retry");
      return this;
    }

    public Builder<K, V, O> deadLetterTopic(String topic) {
      this.deadLetterTopic = topic;
      return this;
    }

    public Builder<K, V, O> timestampExtractor(TimestampExtractor<V> extractor) {
      this.timestampExtractor = Objects.requireNonNull(extractor, "extractor");
      return this;
    }

    /** Watermark = max event time seen minus this bound. Default 0. */
    public Builder<K, V, O> maxOutOfOrderness(Duration bound) {
      this.maxOutOfOrderness = bound;
      return this;
    }

    /** A partition without records for this long stops holding the watermark back. */
    public Builder<K, V, O> idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * How far ahead of the clock (processing time) a record's event time may be. The watermark
     * never goes back and is persisted, so one record stamped years ahead (a broken producer
     * clock, a value in microseconds) would close every window and fire every event-time timer
     * for good; such a record follows the error policy instead ({@code DEAD_LETTER}: to the
     * dead-letter topic, with an {@code IllegalArgumentException}). Default 1 day;
     * {@link Duration#ZERO} for no bound.
     */
    public Builder<K, V, O> maxFutureEventTime(Duration bound) {
      this.maxFutureEventTime = Objects.requireNonNull(bound, "bound");
      return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public ProcessorDefinition<K, V, O> build() {
      if (keySerde == null) {
        throw new IllegalArgumentException(
            "Processor '" + id + "' has no key serde: call keySerde(...) or keyType(...)");
      }
      List<Input<K, ? extends V>> inputs = new ArrayList<>();
      for (int i = 0; i < inputTopics.size(); i++) {
        inputs.add(new Input(inputTopics.get(i), keySerde, inputSerdes.get(i)));
      }
      return new ProcessorDefinition<>(this, inputs);
    }
  }
}
