package dev.rivulet.api.runtime;

import java.util.Set;

/**
 * Lifecycle of a runtime.
 *
 * <pre>
 * CREATED -> STARTING -> RUNNING <-> REBALANCING
 *                |          |            |
 *                v          v            v
 *              ERROR    PENDING_SHUTDOWN -> STOPPED
 * </pre>
 * Any state may go to {@code ERROR} (a fatal error in a worker) and from there to shutdown.
 */
public enum RuntimeState {
  CREATED,
  STARTING,
  REBALANCING,
  RUNNING,
  PENDING_SHUTDOWN,
  STOPPED,
  ERROR;

  /** Whether moving from this state to {@code next} is allowed. */
  public boolean canMoveTo(RuntimeState next) {
    return switch (this) {
      case CREATED -> Set.of(STARTING, PENDING_SHUTDOWN, ERROR).contains(next);
      case STARTING -> Set.of(RUNNING, REBALANCING, PENDING_SHUTDOWN, ERROR).contains(next);
      case REBALANCING -> Set.of(RUNNING, PENDING_SHUTDOWN, ERROR).contains(next);
      case RUNNING -> Set.of(REBALANCING, PENDING_SHUTDOWN, ERROR).contains(next);
      case PENDING_SHUTDOWN -> next == STOPPED;
      case ERROR -> next == PENDING_SHUTDOWN;
      case STOPPED -> false;
    };
  }
}
