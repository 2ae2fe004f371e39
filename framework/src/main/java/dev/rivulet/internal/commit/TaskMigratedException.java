package dev.rivulet.internal.commit;

import dev.rivulet.api.RivuletException;

/**
 * The worker lost ownership of its tasks (its producer was fenced or its group generation is
 * stale). The worker closes every task without committing and rejoins the group; nothing of the
 * open transaction becomes visible. A stale generation while the worker's consumer is itself
 * rejoining is the exception: the group has only moved on to the generation the consumer is
 * about to learn, so the worker keeps its tasks and redoes the interval ({@link #staleGeneration}).
 */
public final class TaskMigratedException extends RivuletException {
  private final boolean staleGeneration;

  /** The producer was fenced: another owner took over. */
  public TaskMigratedException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private TaskMigratedException(String message, Throwable cause, boolean staleGeneration) {
    super(message, cause);
    this.staleGeneration = staleGeneration;
  }

  /** The group rejected the commit's generation (or member) rather than fencing the producer. */
  public static TaskMigratedException staleGeneration(String message, Throwable cause) {
    return new TaskMigratedException(message, cause, true);
  }

  /** Whether the commit carried a generation the group has left, rather than being fenced. */
  public boolean staleGeneration() {
    return staleGeneration;
  }
}
