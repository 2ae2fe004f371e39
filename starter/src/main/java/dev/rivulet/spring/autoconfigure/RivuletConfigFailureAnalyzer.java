package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.spring.InvalidStreamProcessorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link RivuletConfigException} (bad processor bean, missing topic, unreachable broker,
 * invalid {@code rivulet.*} setting) as a startup failure description with the action to take,
 * instead of a stack trace. Registered in {@code META-INF/spring.factories}.
 */
final class RivuletConfigFailureAnalyzer extends AbstractFailureAnalyzer<RivuletConfigException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RivuletConfigException cause) {
    String action = cause instanceof InvalidStreamProcessorException invalid
        ? "Fix bean '" + invalid.getBeanName() + "' as described above."
        : "Fix the Rivulet configuration (rivulet.*, spring.kafka.*) or the topics as described "
            + "above.";
    return new FailureAnalysis(cause.getMessage(), action, cause);
  }
}
