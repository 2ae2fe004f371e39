package dev.rivulet.api.runtime;

/**
 * Lifecycle of a task (one input partition of one processor).
 *
 * <pre>
 * CREATED -> RESTORING -> RUNNING <-> PAUSED
 *     \           \          \          /
 *      +-----------+----------+--> CLOSED
 *
 * STANDBY (a standby or warm-up replica: keeps a copy of the stores, never processes) --> CLOSED
 * </pre>
 */
public enum TaskState {
  CREATED,
  RESTORING,
  RUNNING,
  PAUSED,
  STANDBY,
  CLOSED;

  /** Whether moving from this state to {@code next} is allowed. */
  public boolean canMoveTo(TaskState next) {
    return switch (this) {
      case CREATED -> next == RESTORING || next == CLOSED;
      case RESTORING -> next == RUNNING || next == PAUSED || next == CLOSED;
      case RUNNING -> next == PAUSED || next == CLOSED;
      case PAUSED -> next == RUNNING || next == CLOSED;
      case STANDBY -> next == CLOSED;
      case CLOSED -> false;
    };
  }
}
