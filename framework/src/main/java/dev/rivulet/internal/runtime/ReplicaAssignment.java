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
  private volatile boolean probing;

  /** @param local this instance's subscription data, computed when the worker (re)joins */
  ReplicaAssignment(Supplier<MemberData.Subscription> local) {
    this.local = local;
  }

  MemberData.Subscription subscription() {
    return local.get();
  }

  void assigned(Set<Integer> standbys, boolean probing) {
    this.standbys = Set.copyOf(standbys);
    this.probing = probing;
  }

  /** Partitions this worker keeps standby (or warm-up) replicas of. */
  Set<Integer> standbys() {
    return standbys;
  }

  /** Whether the group has warm-ups under way: the worker asks for probing rebalances. */
  boolean probing() {
    return probing;
  }
}
