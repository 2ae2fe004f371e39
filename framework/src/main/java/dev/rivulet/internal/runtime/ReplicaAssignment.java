package dev.rivulet.internal.runtime;

import java.util.Set;
import java.util.function.Supplier;

/**
 * One worker's side of the assignor's replica protocol: what its subscription reports (its
 * instance's local state) and the standby replicas its last assignment gave it. Written by the
 * assignor on the worker's thread during poll, read by the worker after poll.
 */
final class ReplicaAssignment {
  private final Supplier<MemberData.Subscription> local;
  private volatile Set<Integer> standbys = Set.of();
  private volatile Set<Integer> warmups = Set.of();
  private volatile boolean probing;
  /** The last assignment withheld partitions until their owners revoke them: rejoin now. */
  private volatile boolean followUp;
  /** When the worker's consumer started (re)joining the group, or 0 once it has an assignment. */
  private volatile long joiningSinceNanos;
  /** Whether a commit failed as stale since the consumer started (re)joining. */
  private volatile boolean staleWhileJoining;

  /** @param local this instance's subscription data, computed when the worker (re)joins */
  ReplicaAssignment(Supplier<MemberData.Subscription> local) {
    this.local = local;
  }

  /** Called as the consumer (re)joins the group: a rebalance is under way. */
  MemberData.Subscription subscription() {
    staleWhileJoining = false;
    joiningSinceNanos = System.nanoTime();
    return local.get();
  }

  void assigned(Set<Integer> standbys, Set<Integer> warmups, boolean probing) {
    assigned(standbys, warmups, probing, false);
  }

  void assigned(Set<Integer> standbys, Set<Integer> warmups, boolean probing,
      boolean followUp) {
    this.standbys = Set.copyOf(standbys);
    this.warmups = Set.copyOf(warmups);
    this.probing = probing;
    this.followUp = followUp;
    this.joiningSinceNanos = 0;
    this.staleWhileJoining = false;
  }

  /**
   * Whether the worker's consumer is (re)joining the group and has been for less than
   * {@code limitNanos}. Until every member has rejoined, the group keeps the generation the
   * consumer knows, and commits go through; after that, until the consumer has the new
   * generation, a commit fails as stale.
   */
  boolean joining(long nowNanos, long limitNanos) {
    long since = joiningSinceNanos;
    return since != 0 && nowNanos - since < limitNanos;
  }

  /** A commit failed as stale while {@link #joining}: the group has its next generation. */
  void staleWhileJoining() {
    staleWhileJoining = true;
  }

  /** Whether a commit failed as stale since the consumer started its current (re)join. */
  boolean sawStaleWhileJoining() {
    return staleWhileJoining;
  }

  /** Partitions this worker keeps standby (or warm-up) replicas of. */
  Set<Integer> standbys() {
    return standbys;
  }

  /** Which of {@link #standbys()} are warm-ups: the task moves here once they are caught up. */
  Set<Integer> warmups() {
    return warmups;
  }

  /**
   * Whether the last assignment asked for a follow-up rebalance that this worker has not yet
   * started; true once per such assignment.
   */
  boolean takeFollowUp() {
    boolean due = followUp;
    followUp = false;
    return due;
  }

  /** Whether the group has warm-ups under way: the worker asks for probing rebalances. */
  boolean probing() {
    return probing;
  }
}
