package dev.rivulet.internal.task;

import dev.rivulet.api.RivuletException;

/**
 * A record failed under {@link dev.rivulet.api.ErrorPolicy#FAIL}: the worker stops without
 * committing the record, the runtime goes to ERROR. Restarting reprocesses the record.
 */
public final class TaskFailedException extends RivuletException {
  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
