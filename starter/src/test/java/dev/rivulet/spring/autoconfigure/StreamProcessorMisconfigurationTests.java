package dev.rivulet.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.spring.InvalidStreamProcessorException;
import dev.rivulet.spring.autoconfigure.TestProcessors.AtLeastOnce;
import dev.rivulet.spring.autoconfigure.TestProcessors.BadDuration;
import dev.rivulet.spring.autoconfigure.TestProcessors.BadId;
import dev.rivulet.spring.autoconfigure.TestProcessors.Batches;
import dev.rivulet.spring.autoconfigure.TestProcessors.CardVelocity;
import dev.rivulet.spring.autoconfigure.TestProcessors.GenericPassthrough;
import dev.rivulet.spring.autoconfigure.TestProcessors.InstanceSpec;
import dev.rivulet.spring.autoconfigure.TestProcessors.NoInputs;
import dev.rivulet.spring.autoconfigure.TestProcessors.NoOutputType;
import dev.rivulet.spring.autoconfigure.TestProcessors.NotAProcessor;
import dev.rivulet.spring.autoconfigure.TestProcessors.Payment;
import dev.rivulet.spring.autoconfigure.TestProcessors.SameId;
import dev.rivulet.spring.autoconfigure.TestProcessors.TwoPolicies;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Misconfigured processor beans fail startup with a message that names the bean and the fix,
 * and the failure analyzer turns it into a description and an action.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamProcessorMisconfigurationTests {

  private static ContextConsumer<AssertableApplicationContext> failsWith(String bean,
      String... fragments) {
    return context -> {
      assertThat(context).hasFailed();
      Throwable cause = context.getStartupFailure();
      while (cause != null && !(cause instanceof RivuletConfigException)) {
        cause = cause.getCause();
      }
      assertThat(cause).as("RivuletConfigException in the cause chain").isNotNull();
      assertThat(cause.getMessage()).contains(bean).contains(fragments);
    };
  }

  @Test
  void noInputs() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(NoInputs.class)
        .run(failsWith("NoInputs", "has no input topic", "set inputs = \"<topic>\""));
  }

  @Test
  void duplicateIds() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(CardVelocity.class, SameId.class)
        .run(failsWith("Processor id 'card-velocity' is used by bean", "CardVelocity", "SameId",
            "rename one"));
  }

  @Test
  void unresolvableTypeArguments() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(GenericPassthrough.class)
        .run(failsWith("GenericPassthrough", "cannot resolve its value type V",
            "implement KeyedProcessor with concrete type arguments",
            "or declare a ProcessorDefinition bean"));
  }

  @Test
  void outputTypeObjectWithAnOutputTopic() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(NoOutputType.class)
        .run(failsWith("NoOutputType", "cannot resolve its output type O"));
  }

  @Test
  void notAKeyedProcessor() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(NotAProcessor.class)
        .run(failsWith("NotAProcessor", "does not implement KeyedProcessor",
            "implements KeyedProcessor<String, Payment, Alert>"));
  }

  @Test
  void stateSpecThatIsNotAConstant() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(InstanceSpec.class)
        .run(failsWith("InstanceSpec", "field 'count'", "declare it 'static final'"));
  }

  @Test
  void malformedDuration() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(BadDuration.class)
        .run(failsWith("BadDuration", "maxOutOfOrderness 'soon' is not a duration", "'5s'"));
  }

  @Test
  void genericValueTypeWithoutSerdeBean() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(Batches.class)
        .run(failsWith("Batches", "java.util.List<", "declare a @Bean of type Serde<"));
  }

  @Test
  void genericValueTypeWithSerdeBean() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(Batches.class, BatchSerde.class)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void ambiguousSerdeBeans() {
    RivuletAutoConfigurationTests.runner
        .withUserConfiguration(CardVelocity.class, TwoPaymentSerdes.class)
        .run(failsWith("CardVelocity", "several Serde<", "[one, two]", "mark one @Primary"));
  }

  @Test
  void twoErrorPolicies() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(TwoPolicies.class)
        .run(failsWith("TwoPolicies", "take at most one value"));
  }

  @Test
  void invalidIdIsReportedWithTheBean() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(BadId.class)
        .run(failsWith("BadId", "Processor id 'bad id!' is invalid"));
  }

  @Test
  void guaranteeTheRuntimeDoesNotRun() {
    RivuletAutoConfigurationTests.runner.withUserConfiguration(AtLeastOnce.class)
        .run(failsWith("processor 'at-least-once' asks for AT_LEAST_ONCE", "align them"));
  }

  @Test
  void failureAnalyzerDescribesAndNamesTheBean() {
    FailureAnalysis analysis = new RivuletConfigFailureAnalyzer().analyze(
        new IllegalStateException("wrapped",
            new InvalidStreamProcessorException("cardVelocity", "it is broken")));
    assertThat(analysis.getDescription()).isEqualTo("it is broken");
    assertThat(analysis.getAction()).contains("bean 'cardVelocity'");
  }

  @Test
  void startupFailureIsReportedWithoutAStackTrace(CapturedOutput output) {
    SpringApplication application = new SpringApplication(NoInputsApp.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    assertThatException().isThrownBy(
        () -> application.run("--spring.application.name=broken", "--rivulet.auto-startup=false"));
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("has no input topic; set inputs = \"<topic>\"")
        .contains("Fix bean '" + NoInputs.class.getName() + "' as described above.");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(NoInputs.class)
  static class NoInputsApp {}

  @Configuration(proxyBeanMethods = false)
  static class BatchSerde {
    @Bean
    Serde<List<Payment>> batchSerde() {
      return new org.apache.kafka.common.serialization.Serdes.WrapperSerde<>(
          (topic, value) -> new byte[0], (topic, bytes) -> List.of());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoPaymentSerdes {
    @Bean
    Serde<Payment> one() {
      return RivuletSerdes.json(Payment.class);
    }

    @Bean
    Serde<Payment> two() {
      return RivuletSerdes.json(Payment.class);
    }
  }
}
