package dev.rivulet.api.runtime;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Map;

/**
 * Every Micrometer meter Rivulet registers, in one place, each with a description
 * ({@link #description}). Tags are low-cardinality: {@code processor}, {@code partition},
 * {@code thread}, {@code store}, {@code state}; never a record key. An {@code application} tag
 * comes from the registry's common tags (Spring Boot: {@code management.metrics.tags.application})
 * or from the scraper's target labels. Prometheus names replace dots with underscores and add
 * unit suffixes ({@code rivulet_records_in_total}, {@code rivulet_processing_latency_seconds}).
 * The latency timers publish percentile histograms; turn them off per meter with Spring Boot's
 * {@code management.metrics.distribution.percentiles-histogram.rivulet.processing.latency=false}
 * (or a {@code MeterFilter}).
 */
public final class RivuletMetricNames {
  private RivuletMetricNames() {}

  /** Counter: input records processed (processor, partition). */
  public static final String RECORDS_IN = "rivulet.records.in";
  /** Counter: records emitted to outputs (processor, partition). */
  public static final String RECORDS_OUT = "rivulet.records.out";
  /** Counter: bad records dropped under SKIP (processor, partition). */
  public static final String RECORDS_SKIPPED = "rivulet.records.skipped";
  /** Counter: bad records sent to the dead-letter topic (processor, partition). */
  public static final String RECORDS_DEAD_LETTERED = "rivulet.records.dead.lettered";
  /** Timer with histogram: time in the processor per record, 1 record in 16 (processor). */
  public static final String PROCESSING_LATENCY = "rivulet.processing.latency";
  /**
   * Timer with histogram: input record timestamp to processing, wall clock, 1 record in 16
   * (processor).
   */
  public static final String END_TO_END_LATENCY = "rivulet.end.to.end.latency";
  /**
   * Timer with histogram: duration of a commit, from its start on the worker until the worker
   * saw it complete (the worker processes the next records meanwhile) (thread).
   */
  public static final String COMMIT_LATENCY = "rivulet.commit.latency";
  /** Counter: committed transactions / offset commits (thread). */
  public static final String COMMITS = "rivulet.commits";
  /** Counter: aborted transactions (thread). */
  public static final String ABORTS = "rivulet.aborts";
  /** Counter: producer fenced or group generation lost, tasks closed dirty (thread). */
  public static final String FENCES = "rivulet.fences";
  /** Counter: timers fired (processor, partition). */
  public static final String TIMERS_FIRED = "rivulet.timers.fired";
  /** Gauge: input records not yet processed (processor, partition). */
  public static final String LAG = "rivulet.consumer.lag";
  /** Gauge: event-time watermark lag behind wall clock in ms (processor, partition). */
  public static final String WATERMARK_LAG = "rivulet.watermark.lag";
  /** Counter: changelog records restored (processor, partition). */
  public static final String RESTORED = "rivulet.restore.records";
  /** Gauge: changelog records still to restore (processor, partition). */
  public static final String RESTORE_REMAINING = "rivulet.restore.remaining";
  /**
   * Counter: input partitions whose committed group offset was behind the position recorded in
   * the task's state, so the task resumed from the state's position instead (processor,
   * partition). Non-zero means the broker served a regressed offset or someone reset offsets
   * without resetting state; see the ops guide.
   */
  public static final String POSITIONS_CORRECTED = "rivulet.input.positions.corrected";
  /** Gauge: estimated bytes of a store on this instance (processor, store). */
  public static final String STATE_SIZE = "rivulet.state.size";
  /**
   * Gauge: changelog records a standby or warm-up replica has not applied yet (processor,
   * partition); -1 until known. Refreshed every second.
   */
  public static final String STANDBY_LAG = "rivulet.standby.lag";
  /** Counter: changelog records applied by a standby or warm-up replica (processor, partition). */
  public static final String STANDBY_RECORDS = "rivulet.standby.records";
  /** Gauge: tasks owned by this instance, by state (state). */
  public static final String TASKS = "rivulet.tasks";

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry(RECORDS_IN, "Input records processed"),
      Map.entry(RECORDS_OUT, "Records emitted to outputs"),
      Map.entry(RECORDS_SKIPPED, "Bad input records dropped under the SKIP policy"),
      Map.entry(RECORDS_DEAD_LETTERED, "Bad input records sent to the dead-letter topic"),
      Map.entry(PROCESSING_LATENCY, "Time in the processor per record (1 record in 16)"),
      Map.entry(END_TO_END_LATENCY,
          "Input record timestamp to its processing, wall clock (1 record in 16)"),
      Map.entry(COMMIT_LATENCY, "Duration of a commit, from its start until the worker saw it "
          + "complete"),
      Map.entry(COMMITS, "Committed transactions (exactly-once) or offset commits"),
      Map.entry(ABORTS, "Aborted transactions"),
      Map.entry(FENCES, "Producer fenced or group generation lost: tasks closed without commit"),
      Map.entry(TIMERS_FIRED, "Timers fired"),
      Map.entry(LAG, "Input records not yet processed"),
      Map.entry(WATERMARK_LAG, "Event-time watermark behind the wall clock"),
      Map.entry(RESTORED, "Changelog records restored into local state"),
      Map.entry(RESTORE_REMAINING, "Changelog records still to restore"),
      Map.entry(POSITIONS_CORRECTED, "Input positions taken from the state because the "
          + "committed group offset was behind it (should stay 0)"),
      Map.entry(STATE_SIZE, "Estimated bytes of a store on this instance"),
      Map.entry(STANDBY_LAG, "Changelog records a standby replica has not applied yet"),
      Map.entry(STANDBY_RECORDS, "Changelog records applied by a standby replica"),
      Map.entry(TASKS, "Tasks owned by this instance, by state"));

  /**
   * The description of a meter (Prometheus {@code # HELP}).
   *
   * @throws IllegalArgumentException for a name not listed here
   */
  public static String description(String name) {
    String description = DESCRIPTIONS.get(name);
    if (description == null) {
      throw new IllegalArgumentException("No description for meter " + name);
    }
    return description;
  }

  /**
   * Tag on the Kafka client metrics of Rivulet's own clients: consumer, restore-consumer,
   * producer (with {@code thread} and Kafka's {@code client.id}).
   */
  public static final String CLIENT_TAG = "rivulet.client";
  /** Prefix of the Kafka client metrics of Rivulet's own clients (after {@link #kafkaClients}). */
  public static final String KAFKA_CLIENT_PREFIX = "rivulet.";

  /**
   * Renames Micrometer's {@code kafka.*} meters of Rivulet's own clients to
   * {@code rivulet.kafka.*} (for example {@code rivulet.kafka.consumer.coordinator.rebalance.total}),
   * so that they never collide with the {@code kafka.*} meters of the application's other Kafka
   * clients, which carry other tag keys (Prometheus rejects one name with two sets of tag keys).
   * Configure it on the registry before the runtime starts; the Spring Boot starter does.
   */
  public static MeterFilter kafkaClients() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getTag(CLIENT_TAG) != null && id.getName().startsWith("kafka.")
            ? id.withName(KAFKA_CLIENT_PREFIX + id.getName()) : id;
      }
    };
  }
}
