package dev.rivulet.internal.commit;

import dev.rivulet.api.RivuletException;

/**
 * The worker lost ownership of its tasks (its producer was fenced or its group generation is
 * stale). The worker closes every task without committing and rejoins the group; nothing of the
 * open transaction becomes visible.
 */
public final class TaskMigratedException extends RivuletException {
  public TaskMigratedException(String message, Throwable cause) {
    super(message, cause);
  }
}
