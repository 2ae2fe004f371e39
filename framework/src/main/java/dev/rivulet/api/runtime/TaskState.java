package dev.rivulet.api.runtime;

/**
 * Lifecycle of a task (one input partition of one processor).
 *
 * <pre>
 * CREATED -> RESTORING -> RUNNING <-> PAUSED
 *     \           \          \          /
 *      +-----------+----------+--> CLOSED
 *
 * STANDBY (a standby replica: keeps a copy of the stores, never processes) --> CLOSED
 * WARMUP  (a warm-up replica: a standby the task moves to once it is caught up) --> CLOSED
 * </pre>
 *
 * A replica is reported as one or the other as the last assignment calls it; a standby may
 * become a warm-up (and back) without a transition of its own.
 */
public enum TaskState {
  CREATED,
  RESTORING,
  RUNNING,
  PAUSED,
  STANDBY,
  WARMUP,
  CLOSED;

  /** Whether this is a replica (standby or warm-up) rather than an active task. */
  public boolean isReplica() {
    return this == STANDBY || this == WARMUP;
  }

  /** Whether moving from this state to {@code next} is allowed. */
  public boolean canMoveTo(TaskState next) {
    return switch (this) {
      case CREATED -> next == RESTORING || next == CLOSED;
      case RESTORING -> next == RUNNING || next == PAUSED || next == CLOSED;
      case RUNNING -> next == PAUSED || next == CLOSED;
      case PAUSED -> next == RUNNING || next == CLOSED;
      case STANDBY, WARMUP -> next == CLOSED;
      case CLOSED -> false;
    };
  }
}
