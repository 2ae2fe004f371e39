package dev.rivulet.internal.state;

import dev.rivulet.api.RivuletException;

/** A local storage failure (RocksDB); fatal for the worker that meets it. */
public final class StateException extends RivuletException {
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
