package dev.rivulet.spring.autoconfigure;

/**
 * A problem with one processor bean, already phrased with the bean and the fix; the scanner
 * turns it into an {@link dev.rivulet.spring.InvalidStreamProcessorException}.
 */
final class ProcessorProblem extends RuntimeException {

  ProcessorProblem(String message) {
    super(message, null, false, false);
  }
}
