package dev.rivulet.api;

/**
 * Base of Rivulet's exceptions. Subtypes say what the runtime does next:
 * {@link RivuletConfigException} stops startup; others stop the affected worker.
 */
public class RivuletException extends RuntimeException {

  public RivuletException(String message) {
    super(message);
  }

  public RivuletException(String message, Throwable cause) {
    super(message, cause);
  }
}
