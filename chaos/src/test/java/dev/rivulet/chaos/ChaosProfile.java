package dev.rivulet.chaos;

import dev.rivulet.api.ProcessingGuarantee;
import java.time.Duration;

/**
 * The size of a chaos run and its fault budget.
 *
 * @param name label in the report
 * @param records good input records
 * @param keys distinct keys
 * @param partitions input partitions (the repartition topic gets {@code partitions - 2}, min 2)
 * @param groups stage 2 keys (0 = no repartition hop)
 * @param initialWorkers workers at the start (and at the end)
 * @param minWorkers fewest workers scaling goes to
 * @param maxWorkers most workers scaling goes to
 * @param kills worker SIGKILLs (mid-stream, during restore, during a rebalance)
 * @param zombies SIGSTOPs longer than max.poll.interval.ms
 * @param txnTimeoutPauses SIGSTOPs longer than transaction.timeout.ms, shorter than the session
 * @param brokerKills broker SIGKILL + restart on the same data
 * @param cleanStops clean stops followed by a restart
 * @param scalings scale up or down by one worker
 * @param stateWipes a worker stopped, its state directory deleted, restarted
 * @param crashPoints a worker halted by {@link CrashPoint} right after a consumer offset commit
 * @param networkFaults faults of a worker's network ({@link FaultKind#NETWORK}, in turn)
 * @param brokers broker nodes (1, or 3 for a replicated cluster: RF 3, min.insync.replicas 2)
 * @param clusterFaults faults of a replicated cluster ({@link FaultKind#CLUSTER}, in turn)
 * @param rollingUpgrade whether the workers are upgraded one by one to version 2 mid-run
 * @param oddSlotThreads stream threads of the workers in odd slots (the others run one)
 * @param badPerKind bad records of each of the {@link BadKind} kinds
 * @param minRebalances rebalances the run must have caused (observed from outside)
 * @param produceFor how long the driver spreads the input over (the faults run meanwhile)
 * @param guarantee processing guarantee of the workers
 * @param brokenCommit workers commit offsets outside the transaction (deliberately broken)
 * @param standbyReplicas standby replicas per task on the workers
 * @param acceptableRecoveryLag warm-up before hand-over (records), or -1 for none
 * @param expectViolations a negative run: the checker must report violations
 * @param windowSeconds tumbling event-time windows of a third processor over the input, whose
 *     final results the checker recomputes (0: no such processor)
 * @param ttlMillis TTL of the expirer's state ({@link Expirer}, checked by {@link TtlChecks}; 0: no
 *     expirer). Chosen so that a good share of a key's consecutive records are both closer and
 *     farther apart than it: the driver picks each record's key uniformly at random, so the gaps
 *     between a key's records are near-exponential with mean {@code keys} times the production
 *     period. {@code -Dchaos.ttlMillis} overrides it in the CI and long profiles
 */
record ChaosProfile(
    String name,
    int records,
    int keys,
    int partitions,
    int groups,
    int initialWorkers,
    int minWorkers,
    int maxWorkers,
    int kills,
    int zombies,
    int txnTimeoutPauses,
    int brokerKills,
    int cleanStops,
    int scalings,
    int stateWipes,
    int crashPoints,
    int networkFaults,
    int brokers,
    int clusterFaults,
    boolean rollingUpgrade,
    int oddSlotThreads,
    int badPerKind,
    int minRebalances,
    Duration produceFor,
    ProcessingGuarantee guarantee,
    boolean brokenCommit,
    boolean expectViolations,
    int standbyReplicas,
    long acceptableRecoveryLag,
    int windowSeconds,
    long ttlMillis) {

  /**
   * CI: part of the default {@code mvn verify}. Key gaps of seed 42 at the driver's pace (one
   * record every 3 ms): median 2.0 s, mean 3.0 s, 64% below the TTL of 3 s.
   */
  static ChaosProfile ci() {
    return new ChaosProfile("ci", 100_000, 1_000, 6, 40, 3, 1, 4,
        6, 1, 1, 1, 1, 2, 1, 0, 5, 3, 6, true, 2, 50, 15,
        ClientTimeouts.RUN.productionWindow(Duration.ofSeconds(300)),
        ProcessingGuarantee.EXACTLY_ONCE, false, false, 1, 2_000, 10, ttl(3_000));
  }

  /**
   * Long: {@code -Dchaos.profile=long}, one run per seed. Key gaps at the driver's pace (one record
   * every 1.2 ms): median 16 s, the TTL.
   */
  static ChaosProfile longRun() {
    return new ChaosProfile("long", 2_000_000, 20_000, 12, 400, 3, 1, 4,
        60, 10, 5, 5, 8, 16, 5, 0, 20, 1, 0, true, 2, 500, 60,
        ClientTimeouts.RUN.productionWindow(Duration.ofMinutes(40)),
        ProcessingGuarantee.EXACTLY_ONCE, false, false, 1, 10_000, 10, ttl(16_000));
  }

  /**
   * Negative: the same faults under at-least-once must show duplicates. Key gaps at the driver's
   * pace (one record every 2.5 ms): median 170 ms, 87% below the expirer's TTL of 500 ms.
   */
  static ChaosProfile atLeastOnce() {
    return new ChaosProfile("at-least-once", 10_000, 100, 4, 0, 2, 2, 3,
        3, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, false, 1, 5, 0, Duration.ofSeconds(25),
        ProcessingGuarantee.AT_LEAST_ONCE, false, true, 0, -1, 2, 500);
  }

  /** Negative: exactly-once with offsets committed outside the transaction must lose input. */
  static ChaosProfile offsetsOutsideTransaction() {
    return new ChaosProfile("broken-commit", 10_000, 100, 4, 0, 2, 2, 3,
        2, 0, 0, 0, 0, 1, 0, 3, 0, 1, 0, false, 1, 5, 0, Duration.ofSeconds(25),
        ProcessingGuarantee.EXACTLY_ONCE, true, true, 0, -1, 0, 0);
  }

  /** {@code -Dchaos.ttlMillis}, or {@code otherwise}. */
  private static long ttl(long otherwise) {
    return Long.getLong("chaos.ttlMillis", otherwise);
  }

  boolean repartition() {
    return groups > 0;
  }

  boolean windows() {
    return windowSeconds > 0;
  }

  /** Whether the run has the {@link Expirer}. */
  boolean expirer() {
    return ttlMillis > 0;
  }

  int regroupedPartitions() {
    return Math.max(2, partitions - 2);
  }
}
