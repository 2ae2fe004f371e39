package dev.rivulet.chaos;

import java.util.Arrays;

/** What the nemesis does to the system. */
enum FaultKind {
  /** SIGKILL a worker while input flows (a transaction is open nearly all the time), restart. */
  KILL_MID_STREAM,
  /** SIGKILL a worker as soon as it reports a changelog restore in progress, restart. */
  KILL_DURING_RESTORE,
  /** SIGKILL a worker right after another joined or left the group, restart. */
  KILL_DURING_REBALANCE,
  /** Clean stop (STOP on stdin) and restart. */
  CLEAN_STOP,
  /** Start one more worker (up to the profile's maximum). */
  SCALE_UP,
  /** Cleanly stop one worker (down to the profile's minimum). */
  SCALE_DOWN,
  /** SIGSTOP longer than max.poll.interval.ms (and the session), then SIGCONT. */
  ZOMBIE,
  /** SIGSTOP longer than transaction.timeout.ms but shorter than the session, then SIGCONT. */
  TXN_TIMEOUT_PAUSE,
  /** SIGKILL a broker node (the only one, or a random one), restart it on the same data. */
  BROKER_KILL,
  /** SIGKILL the leader of a random input partition, restart it. */
  LEADER_KILL_INPUT,
  /** SIGKILL the leader of a random changelog partition, restart it. */
  LEADER_KILL_CHANGELOG,
  /** SIGKILL the coordinator of an open transaction of the app, restart it. */
  TXN_COORDINATOR_KILL,
  /** SIGKILL the app's group coordinator, restart it. */
  GROUP_COORDINATOR_KILL,
  /** SIGKILL the leader of the metadata quorum (the active controller), restart it. */
  CONTROLLER_KILL,
  /** Controlled shutdown and restart of every node in turn, each back in sync before the next. */
  BROKER_ROLLING_RESTART,
  /**
   * Every running worker stopped and restarted in turn on version 2 of the processors, whose
   * state type gained a field; versions 1 and 2 run side by side until the last restart.
   */
  ROLLING_UPGRADE,
  /** Stop a worker, delete its state directory, restart it (a full restore). */
  STATE_WIPE,
  /** Arm a worker's {@link CrashPoint}: it halts right after a consumer offset commit. */
  CRASH_AFTER_OFFSET_COMMIT,
  /** Blackhole both ways between a worker and the broker, longer than session and txn timeout. */
  NET_PARTITION,
  /** Blackhole from a worker to the broker only (requests lost, as long as a partition). */
  NET_REQUESTS_LOST,
  /**
   * Blackhole from the broker to a worker from the moment a transaction commit reached the
   * broker: the commit happens, the worker never learns its outcome (as long as a partition).
   */
  NET_COMMIT_OUTCOME_LOST,
  /** Added latency both ways for a while. */
  NET_LATENCY,
  /** Every connection of a worker reset (TCP RST on both sides). */
  NET_RESET;

  /** The faults of the network between workers and broker, in the order a budget cycles them. */
  static final FaultKind[] NETWORK = {NET_PARTITION, NET_COMMIT_OUTCOME_LOST, NET_REQUESTS_LOST,
      NET_LATENCY, NET_RESET};

  /** The faults of a replicated cluster, in the order a budget cycles them. */
  static final FaultKind[] CLUSTER = {LEADER_KILL_INPUT, TXN_COORDINATOR_KILL,
      LEADER_KILL_CHANGELOG, GROUP_COORDINATOR_KILL, CONTROLLER_KILL, BROKER_ROLLING_RESTART};

  boolean cluster() {
    return Arrays.asList(CLUSTER).contains(this);
  }

  boolean network() {
    return name().startsWith("NET_");
  }
}
