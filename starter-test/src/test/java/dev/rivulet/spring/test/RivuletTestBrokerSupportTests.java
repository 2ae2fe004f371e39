package dev.rivulet.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockito.Mockito;
import org.testcontainers.DockerClientFactory;

/** The test broker annotation's condition, kind selection and context customizer; no broker. */
class RivuletTestBrokerSupportTests {

  @RivuletTestBroker(topics = {"a:2", "b"}, broker = BrokerKind.EMBEDDED)
  static class Embedded {}

  @RivuletTestBroker(topics = {"b", "a:2"}, broker = BrokerKind.EMBEDDED)
  static class SameTopicsOtherOrder {}

  @RivuletTestBroker(broker = BrokerKind.TESTCONTAINERS)
  static class Containers {}

  @RivuletTestBroker
  static class Default {}

  static class Plain {}

  @AfterEach
  void clearProperty() {
    System.clearProperty(TestBrokers.KIND_PROPERTY);
  }

  private static ConditionEvaluationResult evaluate(Class<?> testClass) {
    ExtensionContext context = Mockito.mock(ExtensionContext.class);
    Mockito.when(context.getTestClass()).thenReturn(Optional.of(testClass));
    return new RivuletTestBrokerCondition().evaluateExecutionCondition(context);
  }

  @Test
  void embeddedBrokerRunsHere() {
    assertThat(evaluate(Embedded.class).isDisabled()).isFalse();
    assertThat(evaluate(Plain.class).isDisabled()).isFalse();
  }

  @Test
  void testcontainersBrokerIsSkippedWithoutDocker() {
    boolean docker = DockerClientFactory.instance().isDockerAvailable();
    ConditionEvaluationResult result = evaluate(Containers.class);
    assertThat(result.isDisabled()).isEqualTo(!docker);
    if (!docker) {
      assertThat(result.getReason()).hasValueSatisfying(
          reason -> assertThat(reason).contains("needs a Docker engine"));
    }
  }

  @Test
  void defaultKindFollowsTheSystemProperty() {
    assertThat(TestBrokers.resolve(BrokerKind.DEFAULT)).isEqualTo(BrokerKind.EMBEDDED);
    System.setProperty(TestBrokers.KIND_PROPERTY, "Testcontainers");
    assertThat(TestBrokers.resolve(BrokerKind.DEFAULT)).isEqualTo(BrokerKind.TESTCONTAINERS);
    assertThat(TestBrokers.resolve(BrokerKind.EMBEDDED)).isEqualTo(BrokerKind.EMBEDDED);
    assertThat(evaluate(Default.class).isDisabled())
        .isEqualTo(!DockerClientFactory.instance().isDockerAvailable());
  }

  @Test
  void contextCustomizerOnlyForAnnotatedTestsAndCacheFriendly() {
    RivuletTestBrokerContextCustomizerFactory factory =
        new RivuletTestBrokerContextCustomizerFactory();
    assertThat(factory.createContextCustomizer(Plain.class, List.of())).isNull();
    assertThat(factory.createContextCustomizer(Embedded.class, List.of()))
        .isEqualTo(factory.createContextCustomizer(Embedded.class, List.of()))
        .isNotEqualTo(factory.createContextCustomizer(Containers.class, List.of()));
    assertThat(factory.createContextCustomizer(Embedded.class, List.of()).hashCode())
        .isEqualTo(factory.createContextCustomizer(SameTopicsOtherOrder.class, List.of())
            .hashCode());
  }
}
