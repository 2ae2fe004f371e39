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
 * @param id unique within the application; part of changelog and dead-letter topic names
 * @param processorFactory creates the processor for a task (may return one shared instance)
 * @param keySerde serde of the input keys (also the default output's and per-key state's keys)
 * @param inputs one or more co-partitioned input topics
 * @param output default output topic, or {@code null} if the processor only uses named outputs
 * @param outputValueSerde serde of the default output's values
 * @param namedOutputs named outputs by name
 * @param stateSpecs declared stores
 * @param guarantee processing guarantee, or {@code null} for the runtime's default
 * @param errorPolicy what happens to records that cannot be processed
 * @param retry retries of transient failures before the error policy applies
 * @param deadLetterTopic topic for {@link ErrorPolicy#DEAD_LETTER}, or {@code null} for
 *     {@code <application-id>-<id>-dlq}
 * @param timestampExtractor event-time extractor
 * @param maxOutOfOrderness bound on event-time disorder used for the watermark
 * @param idleTimeout a partition without records for this long stops holding the watermark back
 */
public record ProcessorDefinition<K, V, O>(
    String id,
    Supplier<? extends KeyedProcessor<K, V, O>> processorFactory,
    Serde<K> keySerde,
    List<Input<K, ? extends V>> inputs,
    @Nullable String output,
    @Nullable Serde<O> outputValueSerde,
    Map<String, Output<?, ?>> namedOutputs,
    List<StateSpec> stateSpecs,
    @Nullable ProcessingGuarantee guarantee,
    ErrorPolicy errorPolicy,
    RetryPolicy retry,
    @Nullable String deadLetterTopic,
    TimestampExtractor<V> timestampExtractor,
    Duration maxOutOfOrderness,
    Duration idleTimeout) {

  private static final Pattern VALID_ID = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

  public ProcessorDefinition {
    if (!VALID_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Processor id '" + id + "' is invalid: use 1-100 of [a-zA-Z0-9._-]");
    }
    Objects.requireNonNull(processorFactory, "processorFactory");
    Objects.requireNonNull(keySerde, "keySerde of processor " + id);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "Processor '" + id + "' has no inputs: add at least one input topic");
    }
    if (output != null && outputValueSerde == null) {
      throw new IllegalArgumentException("Processor '" + id + "' output needs a value serde");
    }
    inputs = List.copyOf(inputs);
    namedOutputs = Map.copyOf(namedOutputs);
    stateSpecs = List.copyOf(stateSpecs);
    long distinctStores = stateSpecs.stream().map(StateSpec::name).distinct().count();
    if (distinctStores != stateSpecs.size()) {
      throw new IllegalArgumentException("Processor '" + id + "' declares a state name twice");
    }
    long distinctInputs = inputs.stream().map(Input::topic).distinct().count();
    if (distinctInputs != inputs.size()) {
      throw new IllegalArgumentException("Processor '" + id + "' lists an input topic twice");
    }
    if (maxOutOfOrderness.isNegative() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("Processor '" + id + "' watermark durations must be >= 0");
    }
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
      return new ProcessorDefinition<>(id, factory, keySerde, inputs, output, outputValueSerde,
          namedOutputs, stateSpecs, guarantee, errorPolicy, retry, deadLetterTopic,
          timestampExtractor,
          maxOutOfOrderness, idleTimeout);
    }
  }
}
