package dev.rivulet.spring;

import dev.rivulet.api.RivuletConfigException;

/**
 * A processor bean cannot be turned into a processor definition: it does not implement
 * {@code KeyedProcessor}, its type arguments cannot be resolved, it has no inputs, its id is used
 * twice, and so on. Thrown while the application context starts; the message names the bean and
 * says what to change. Never retried.
 */
public class InvalidStreamProcessorException extends RivuletConfigException {

  private final String beanName;

  /**
   * Creates the exception.
   *
   * @param beanName the offending bean
   * @param message what is wrong and how to fix it, naming the bean
   */
  public InvalidStreamProcessorException(String beanName, String message) {
    super(message);
    this.beanName = beanName;
  }

  /** The name of the offending bean. */
  public String getBeanName() {
    return beanName;
  }
}
