package dev.rivulet.spring.test;

import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips a {@link RivuletTestBroker} test class whose broker cannot run here (a Testcontainers
 * broker without Docker, a missing library), with the reason, instead of failing it.
 */
public final class RivuletTestBrokerCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RivuletTestBroker> annotation = context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, RivuletTestBroker.class));
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @RivuletTestBroker");
    }
    BrokerKind kind = TestBrokers.resolve(annotation.get().broker());
    return TestBrokers.unavailableReason(kind)
        .map(reason -> ConditionEvaluationResult.disabled("Skipped: " + reason))
        .orElseGet(() -> ConditionEvaluationResult.enabled(kind + " broker available"));
  }
}
