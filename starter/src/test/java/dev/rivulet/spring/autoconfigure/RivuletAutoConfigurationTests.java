package dev.rivulet.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.internal.runtime.RivuletRuntime;
import dev.rivulet.spring.RivuletCustomizer;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.autoconfigure.TestProcessors.CardVelocity;
import dev.rivulet.spring.autoconfigure.TestProcessors.EventTime;
import dev.rivulet.spring.autoconfigure.TestProcessors.Inherited;
import dev.rivulet.spring.autoconfigure.TestProcessors.Payment;
import dev.rivulet.spring.autoconfigure.TestProcessors.PerTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** One test per condition and contract of {@link RivuletAutoConfiguration}; no broker. */
class RivuletAutoConfigurationTests {

  static final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
          RivuletAutoConfiguration.class, RivuletLifecycleAutoConfiguration.class,
          ApplicationAvailabilityAutoConfiguration.class))
      .withPropertyValues("spring.application.name=payments-app", "rivulet.auto-startup=false");

  static RivuletConfig config(Rivulet rivulet) {
    return ((RivuletRuntime) rivulet).config();
  }

  static ProcessorDefinition<?, ?, ?> processor(Rivulet rivulet, String id) {
    return rivulet.processors().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void backsOffWithoutProcessors() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(Rivulet.class)
        .doesNotHaveBean(StreamProcessorRegistry.class)
        .doesNotHaveBean(RivuletLifecycle.class));
  }

  @Test
  void buildsOneRuntimeFromAnnotatedBeans() {
    runner.withUserConfiguration(CardVelocity.class, EventTime.class).run(context -> {
      assertThat(context).hasSingleBean(Rivulet.class).hasSingleBean(RivuletLifecycle.class);
      Rivulet rivulet = context.getBean(Rivulet.class);
      assertThat(rivulet.applicationId()).isEqualTo("payments-app");
      assertThat(rivulet.processors()).extracting(ProcessorDefinition::id)
          .containsExactlyInAnyOrder("card-velocity", "event-time");
    });
  }

  @Test
  void derivesSerdesStatesAndOutputsFromTheBean() {
    runner.withUserConfiguration(CardVelocity.class).run(context -> {
      ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "card-velocity");
      assertThat(d.inputTopics()).containsExactly("payments");
      assertThat(d.output()).isEqualTo("fraud-alerts");
      assertThat(d.keySerde()).isInstanceOf(Serdes.StringSerde.class);
      assertThat(d.inputs().get(0).valueSerde()).isInstanceOf(JsonSerde.class);
      assertThat(((JsonSerde<?>) d.inputs().get(0).valueSerde()).type().getRawClass())
          .isEqualTo(Payment.class);
      assertThat(((JsonSerde<?>) d.outputValueSerde()).type().getRawClass())
          .isEqualTo(TestProcessors.Alert.class);
      // private constants count, an alias of the same instance does not
      assertThat(d.stateSpecs()).extracting(StateSpec::name).containsExactly("count", "total");
      assertThat(d.namedOutputs()).containsOnlyKeys("audit");
      assertThat(d.errorPolicy()).isEqualTo(ErrorPolicy.FAIL);
      assertThat(d.guarantee()).isNull();
    });
  }

  @Test
  void resolvesPlaceholdersAndPolicies() {
    runner.withUserConfiguration(Inherited.class)
        .withPropertyValues("test.processor-id=renamed", "test.inputs=x, y")
        .run(context -> {
          ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "renamed");
          assertThat(d.inputTopics()).containsExactly("x", "y");
          assertThat(d.stateSpecs()).extracting(StateSpec::name).containsExactly("count", "total");
          assertThat(d.errorPolicy()).isEqualTo(ErrorPolicy.DEAD_LETTER);
          assertThat(d.deadLetterTopic()).isEqualTo("bad-payments");
          assertThat(d.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
          assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        });
  }

  @Test
  void defaultErrorPolicyComesFromProperties() {
    runner.withUserConfiguration(CardVelocity.class)
        .withPropertyValues("rivulet.default-error-policy=skip")
        .run(context -> assertThat(processor(context.getBean(Rivulet.class), "card-velocity")
            .errorPolicy()).isEqualTo(ErrorPolicy.SKIP));
  }

  @Test
  void beanThatIsATimestampExtractorExtractsEventTime() {
    runner.withUserConfiguration(EventTime.class).run(context -> {
      @SuppressWarnings("unchecked")
      ProcessorDefinition<String, Payment, ?> d = (ProcessorDefinition<String, Payment, ?>)
          processor(context.getBean(Rivulet.class), "event-time");
      assertThat(d.timestampExtractor().extract(new Payment("c", 1234), 1)).isEqualTo(1234);
    });
  }

  @Test
  void prototypeBeanGivesEachTaskItsOwnInstance() {
    runner.withUserConfiguration(PerTask.class).run(context -> {
      ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "per-task");
      assertThat(d.processorFactory().get()).isNotSameAs(d.processorFactory().get());
    });
  }

  @Test
  void singletonBeanIsSharedByAllTasks() {
    runner.withUserConfiguration(CardVelocity.class).run(context -> {
      ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "card-velocity");
      assertThat(d.processorFactory().get()).isSameAs(context.getBean(CardVelocity.class));
    });
  }

  @Test
  void streamProcessorOnBeanMethodTakesTypesFromTheReturnType() {
    runner.withUserConfiguration(LambdaProcessorConfig.class).run(context -> {
      ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "upper");
      assertThat(d.keySerde()).isInstanceOf(Serdes.StringSerde.class);
      assertThat(d.outputValueSerde()).isInstanceOf(Serdes.StringSerde.class);
    });
  }

  @Test
  void processorDefinitionBeansRunAlongside() {
    runner.withUserConfiguration(CardVelocity.class, DefinitionConfig.class).run(context -> {
      Rivulet rivulet = context.getBean(Rivulet.class);
      assertThat(rivulet.processors()).extracting(ProcessorDefinition::id)
          .containsExactly("card-velocity", "plain");
      assertThat(context.getBean(StreamProcessorRegistry.class).find("plain").orElseThrow()
          .keyType()).isEqualTo(Long.class);
    });
  }

  @Test
  void processorDefinitionBeanAloneIsEnough() {
    runner.withUserConfiguration(DefinitionConfig.class)
        .run(context -> assertThat(context).hasSingleBean(Rivulet.class));
  }

  @Test
  void customizersAreAppliedInOrderAfterProperties() {
    runner.withUserConfiguration(CardVelocity.class, CustomizerConfig.class)
        .withPropertyValues("rivulet.threads=2")
        .run(context -> assertThat(config(context.getBean(Rivulet.class)).threads())
            .isEqualTo(5));
  }

  @Test
  void listenerBeansAndTheFatalErrorRecorderAreRegistered() {
    runner.withUserConfiguration(CardVelocity.class, ListenerConfig.class).run(context -> {
      List<RivuletListener> listeners = config(context.getBean(Rivulet.class)).listeners();
      assertThat(listeners).contains(context.getBean("testListener", RivuletListener.class),
          context.getBean(FatalErrorRecorder.class),
          context.getBean(RivuletAvailabilityPublisher.class));
    });
  }

  @Test
  void meterRegistryOfTheContextReceivesTheMetrics() {
    runner.withUserConfiguration(CardVelocity.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> assertThat(config(context.getBean(Rivulet.class)).meterRegistry())
            .isSameAs(context.getBean(MeterRegistry.class)));
  }

  @Test
  void userDefinedRivuletWinsAndIsStillManaged() {
    runner.withUserConfiguration(CardVelocity.class, OwnRivuletConfig.class).run(context -> {
      assertThat(context).hasSingleBean(Rivulet.class).hasBean("ownRivulet")
          .hasSingleBean(RivuletLifecycle.class);
      assertThat(context.getBean(Rivulet.class).applicationId()).isEqualTo("own");
    });
  }

  @Test
  void lifecycleStopsJustBeforeTheWebServerAndHonoursTheShutdownPhaseTimeout() {
    runner.withUserConfiguration(CardVelocity.class)
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s")
        .run(context -> {
          RivuletLifecycle lifecycle = context.getBean(RivuletLifecycle.class);
          assertThat(lifecycle.getPhase())
              .isEqualTo(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1);
          assertThat(lifecycle.closeTimeout()).isEqualTo(Duration.ofSeconds(18));
          assertThat(lifecycle.isAutoStartup()).isFalse();
          assertThat(lifecycle.isRunning()).isFalse();
        });
  }

  @Test
  void autoStartupIsOnByDefault() {
    assertThat(new RivuletProperties().isAutoStartup()).isTrue();
  }

  @Test
  void availabilityPublisherNeedsApplicationAvailability() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RivuletAutoConfiguration.class,
            RivuletLifecycleAutoConfiguration.class))
        .withPropertyValues("spring.application.name=x", "rivulet.auto-startup=false")
        .withUserConfiguration(CardVelocity.class)
        .run(context -> assertThat(context).hasSingleBean(RivuletLifecycle.class)
            .doesNotHaveBean(RivuletAvailabilityPublisher.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class LambdaProcessorConfig {
    @Bean
    @StreamProcessor(id = "upper", inputs = "words", output = "upper-words")
    KeyedProcessor<String, String, String> upper() {
      return (value, ctx) -> ctx.emit(value.toUpperCase());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class DefinitionConfig {
    @Bean
    ProcessorDefinition<Long, String, Void> plain() {
      KeyedProcessor<Long, String, Void> processor = (value, ctx) -> {};
      return ProcessorDefinition.builder("plain", processor).keyType(Long.class)
          .input("lines", String.class).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfig {
    @Bean
    @Order(2)
    RivuletCustomizer second() {
      return builder -> builder.threads(5);
    }

    @Bean
    @Order(1)
    RivuletCustomizer first() {
      return builder -> builder.threads(4);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfig {
    @Bean
    RivuletListener testListener() {
      return new RivuletListener() {};
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRivuletConfig {
    @Bean
    Rivulet ownRivulet() {
      KeyedProcessor<String, String, Void> processor = (value, ctx) -> {};
      return Rivulet.builder().applicationId("own").bootstrapServers("elsewhere:9092")
          .processor(ProcessorDefinition.builder("own", processor).keyType(String.class)
              .input("in", String.class).build())
          .build();
    }
  }
}
