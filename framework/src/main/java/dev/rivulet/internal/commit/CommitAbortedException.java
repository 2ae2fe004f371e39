package dev.rivulet.internal.commit;

import dev.rivulet.api.RivuletException;

/**
 * A commit failed and its transaction was aborted while the worker still owns its tasks. The
 * worker discards the tasks' uncommitted state and rewinds them to the committed offsets.
 */
public final class CommitAbortedException extends RivuletException {
  public CommitAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
