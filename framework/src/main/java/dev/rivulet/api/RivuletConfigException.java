package dev.rivulet.api;

/**
 * Thrown at startup when configuration or topics are wrong (missing input topic, changelog with
 * the wrong partition count, broker unreachable). The message says what to change. Never retried.
 */
public class RivuletConfigException extends RivuletException {

  public RivuletConfigException(String message) {
    super(message);
  }

  public RivuletConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
