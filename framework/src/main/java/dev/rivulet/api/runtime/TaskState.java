package dev.rivulet.api.runtime;

/**
 * Lifecycle of a task (one input partition of one processor).
 *
 * <pre>
 * CREATED -> RESTORING -> RUNNING <-> PAUSED
 *     \           \          \          /
 *      +-----------+----------+--> CLOSED
 * </pre>
 */
public enum TaskState {
  CREATED,
  RESTORING,
  RUNNING,
  PAUSED,
  CLOSED;

  /** Whether moving from this state to {@code next} is allowed. */
  public boolean canMoveTo(TaskState next) {
    return switch (this) {
      case CREATED -> next == RESTORING || next == CLOSED;
      case RESTORING -> next == RUNNING || next == PAUSED || next == CLOSED;
      case RUNNING -> next == PAUSED || next == CLOSED;
      case PAUSED -> next == RUNNING || next == CLOSED;
      case CLOSED -> false;
    };
  }
}
