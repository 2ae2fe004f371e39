package dev.rivulet.api.ops;


import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Republishes dead-lettered records (after the bug or the bad data was fixed) to their source
 * topic, or to a chosen topic, exactly once: records and the redrive's position in the
 * dead-letter topic are committed in one transaction, under the consumer group
 * {@code <dead-letter-topic>-redrive}. A run reads up to the end offsets seen at its start;
 * records not matching the filters are passed over and not offered to later runs unless
 * {@link Builder#fromBeginning()} is used. Republished records carry their original key, value
 * and headers (without the {@code rivulet.dlq.*} provenance headers) plus
 * {@code rivulet.redriven-from = <topic>-<partition>@<offset>}.
 *
 * <pre>{@code
 * long n = DeadLetterRedrive.builder("localhost:9092", "fraud-app-rules-dlq")
 *     .exceptionClass("tools.jackson.core.JacksonException")
 *     .run().republished();
 * }</pre>
 *
 * Not thread-safe; one run at a time per dead-letter topic (a second concurrent run is fenced).
 */
public final class DeadLetterRedrive {
  private DeadLetterRedrive() {}

  public static Builder builder(String bootstrapServers, String deadLetterTopic) {
    return new Builder(bootstrapServers, deadLetterTopic);
  }

  /**
   * What a run did.
   *
   * @param republished records sent (committed) to their target
   * @param passedOver records read that did not match the filters
   */
  public record Result(long republished, long passedOver) {}

  /** Options of a redrive run. */
  public static final class Builder {
    private final String bootstrapServers;
    private final String deadLetterTopic;
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private @Nullable String processorId;
    private @Nullable String exceptionClass;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private @Nullable String target;
    private boolean fromBeginning;
    private Duration timeout = Duration.ofMinutes(2);

    private Builder(String bootstrapServers, String deadLetterTopic) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
      this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic);
    }

    /** Extra client properties (security...). */
    public Builder kafkaProperties(Map<String, ?> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    /** Only records dead-lettered by this processor. */
    public Builder processor(String id) {
      this.processorId = id;
      return this;
    }

    /** Only records whose failure was this exception class (fully qualified name). */
    public Builder exceptionClass(String className) {
      this.exceptionClass = className;
      return this;
    }

    /** Only records that failed at or after {@code from} and before {@code to} (null = open). */
    public Builder failedBetween(@Nullable Instant from, @Nullable Instant to) {
      this.from = from;
      this.to = to;
      return this;
    }

    /** Republish to this topic instead of each record's source topic. */
    public Builder target(String topic) {
      this.target = topic;
      return this;
    }

    /** Re-scan the whole dead-letter topic, ignoring what earlier runs consumed. */
    public Builder fromBeginning() {
      this.fromBeginning = true;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Runs the redrive; blocks until the end offsets seen at start are reached. */
    public Result run() {
      Redriver.Options options = new Redriver.Options(bootstrapServers, deadLetterTopic,
          Map.copyOf(kafkaProperties), processorId, exceptionClass, from, to, target,
          fromBeginning, timeout);
      long[] counts = new Redriver(options).run();
      return new Result(counts[0], counts[1]);
    }
  }
}
