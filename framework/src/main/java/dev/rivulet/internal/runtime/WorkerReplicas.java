package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.task.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's side of standby and warm-up replicas: follows the assignment's standby partitions,
 * steps the replicas each loop, hands a replica's task over when it becomes active here, asks
 * for probing rebalances while warm-ups are under way (so a warmed-up task moves once it is
 * within the acceptable lag), and rejoins at once when the assignment says partitions wait for
 * a follow-up rebalance.
 *
 * <p>Confined to the worker thread, except {@link #infos()}.
 */
final class WorkerReplicas implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerReplicas.class);
  private static final long WARNING_NANOS = 30_000_000_000L;
  private final StandbyTasks standbys;
  private final ReplicaAssignment assignment;
  private final ActiveClaims claims;
  private final long probingNanos;
  private final long maxCommitDeferralNanos;
  private Set<Integer> applied = Set.of();
  private long lastProbe = System.nanoTime();
  private long lastWarning;

  /**
   * @param maxCommitDeferral longest a periodic commit waits for a rejoin to finish: well under
   *     the transaction timeout, or the broker aborts the transaction meanwhile
   */
  WorkerReplicas(StandbyTasks standbys, ReplicaAssignment assignment, ActiveClaims claims,
      Duration probingInterval, Duration maxCommitDeferral) {
    this.maxCommitDeferralNanos = maxCommitDeferral.toNanos();
    this.standbys = standbys;
    this.assignment = assignment;
    this.claims = claims;
    this.probingNanos = probingInterval.toNanos();
  }

  /**
   * Rejoins at once if the last assignment withheld partitions for a follow-up rebalance. The
   * members that revoke them rejoin by themselves; the others would only notice at their next
   * heartbeat (up to heartbeat.interval.ms, the whole time the partitions have no owner). Called
   * right after poll, before restores and replicas take the loop's time.
   */
  void rejoinIfFollowUpDue(Consumer<byte[], byte[]> consumer) {
    if (assignment.takeFollowUp()) {
      consumer.enforceRebalance("follow-up rebalance: partitions were revoked for a hand-over");
    }
  }

  /** Follows a new assignment, applies the changelogs' news, probes when warm-ups wait. */
  void step(Consumer<byte[], byte[]> consumer) {
    Set<Integer> wanted = assignment.standbys();
    if (wanted != applied && standbys.ready()) {
      standbys.reconcile(wanted);
      applied = wanted;
    }
    try {
      standbys.step();
    } catch (KafkaException e) {
      // replicas are best effort: a broker outage must not stop the worker (its own poll
      // reports what concerns the active tasks); the replicas catch up once it is back
      if (System.nanoTime() - lastWarning > WARNING_NANOS) {
        lastWarning = System.nanoTime();
        log.warn("Standby replicas paused: {}", e.toString());
      }
    }
    long now = System.nanoTime();
    if (assignment.probing() && now - lastProbe >= probingNanos) {
      lastProbe = now;
      consumer.enforceRebalance("probing rebalance: warm-up replicas may have caught up");
    }
  }

  /**
   * Whether a periodic commit should wait: this worker's consumer is rejoining the group and a
   * commit already failed as stale during this join (the group has its next generation, which
   * the consumer learns with its assignment), for at most the maximum deferral. Commits before
   * that go through: the group keeps the old generation until every member has rejoined, which
   * can take up to a heartbeat interval, and deferring them all would pause every task as long.
   */
  boolean deferCommit(long nowNanos) {
    return assignment.sawStaleWhileJoining()
        && assignment.joining(nowNanos, maxCommitDeferralNanos);
  }

  /**
   * Called when a commit failed as stale. True if this worker's consumer is rejoining: the
   * group has just moved on to the generation the consumer is about to learn, so the worker
   * keeps its tasks, redoes the interval, and defers commits until the join completes. False
   * otherwise: the worker was left behind by the group and must rejoin.
   */
  boolean staleWhileJoining(long nowNanos) {
    if (!assignment.joining(nowNanos, maxCommitDeferralNanos)) {
      return false;
    }
    assignment.staleWhileJoining();
    return true;
  }

  /** A task is about to restore and run here: no standby write of it may land any more. */
  void claim(TaskId id) {
    claims.claim(id);
    standbys.remove(id);
  }

  /** The task left this worker. */
  void release(TaskId id) {
    claims.release(id);
  }

  /** Snapshots of the replicas: records applied, and lag as what remains (any thread). */
  List<TaskInfo> snapshot(String thread) {
    List<TaskInfo> out = new ArrayList<>();
    Set<Integer> warmups = assignment.warmups();
    for (StandbyTasks.Replica r : standbys.infos()) {
      TaskState state = warmups.contains(r.id.partition()) ? TaskState.WARMUP : TaskState.STANDBY;
      out.add(new TaskInfo(r.id.processorId(), r.id.partition(), thread, state,
          r.applied, Math.max(0, r.lag), r.lag, Long.MIN_VALUE, 0));
    }
    return out;
  }

  @Override
  public void close() {
    standbys.close();
  }
}
