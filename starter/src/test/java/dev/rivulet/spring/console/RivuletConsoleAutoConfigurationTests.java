package dev.rivulet.spring.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.actuate.autoconfigure.RivuletEndpointAutoConfiguration;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

/** One test per condition of the console's auto-configuration; no broker, no server. */
class RivuletConsoleAutoConfigurationTests {

  @StreamProcessor(id = "words", inputs = "words")
  static class Words implements KeyedProcessor<String, String, Void> {
    @Override
    public void process(String value, KeyedContext<String, Void> ctx) {}
  }

  private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
      KafkaAutoConfiguration.class, RivuletAutoConfiguration.class,
      EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
      RivuletEndpointAutoConfiguration.class, RivuletConsoleAutoConfiguration.class);

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(CONFIGURATIONS)
      .withUserConfiguration(Words.class)
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withPropertyValues("spring.application.name=words-app", "rivulet.auto-startup=false");

  private final WebApplicationContextRunner enabledAndExposed = runner.withPropertyValues(
      "rivulet.console.enabled=true", "management.endpoints.web.exposure.include=health,rivulet");

  private static ConsoleSettings settings(AssertableWebApplicationContext context,
      String contextPath) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setContextPath(contextPath);
    return context.getBean(ConsoleController.class).settings(new ServletWebRequest(request));
  }

  @Test
  void consoleWhenEnabledAndTheEndpointIsExposed() {
    enabledAndExposed.run(context -> {
      assertThat(context).hasSingleBean(ConsoleController.class)
          .hasSingleBean(MeterSampler.class).hasSingleBean(MeterSamplerSchedule.class)
          .hasSingleBean(ConsoleResources.class);
      assertThat(settings(context, "")).isEqualTo(
          new ConsoleSettings("/actuator/rivulet", null, false, 1_000, 300_000));
    });
  }

  @Test
  void noConsoleUnlessEnabled() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=rivulet")
        .run(context -> assertThat(context).doesNotHaveBean(ConsoleController.class)
            .doesNotHaveBean(MeterSampler.class));
  }

  @Test
  void noConsoleWhenTheEndpointIsNotExposedOverHttp() {
    runner.withPropertyValues("rivulet.console.enabled=true",
            "management.endpoints.jmx.exposure.include=rivulet")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(ConsoleController.class).doesNotHaveBean(MeterSampler.class));
  }

  @Test
  void noConsoleWhenTheEndpointIsDisabled() {
    enabledAndExposed.withPropertyValues("management.endpoint.rivulet.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(ConsoleController.class));
  }

  @Test
  void readOnlyByDefaultAndWritableWhenTheEndpointAllowsWrites() {
    enabledAndExposed.run(context -> assertThat(settings(context, "").writable()).isFalse());
    enabledAndExposed.withPropertyValues("management.endpoint.rivulet.access=UNRESTRICTED")
        .run(context -> assertThat(settings(context, "").writable()).isTrue());
  }

  @Test
  void readOnlyWhenTheEndpointAllowsOnlyReads() {
    enabledAndExposed.withPropertyValues("management.endpoint.rivulet.access=READ_ONLY")
        .run(context -> assertThat(settings(context, "").writable()).isFalse());
  }

  @Test
  void readOnlyWhenActuatorCapsAccess() {
    enabledAndExposed.withPropertyValues("management.endpoints.access.max-permitted=READ_ONLY")
        .run(context -> assertThat(settings(context, "").writable()).isFalse());
  }

  @Test
  void noConsoleWhenActuatorHasItsOwnPort() {
    enabledAndExposed.withPropertyValues("management.server.port=9099")
        .run(context -> assertThat(context).doesNotHaveBean(ConsoleController.class));
  }

  @Test
  void noConsoleWithoutAMeterRegistry() {
    new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
        .withUserConfiguration(Words.class)
        .withPropertyValues("spring.application.name=words-app", "rivulet.auto-startup=false",
            "rivulet.console.enabled=true", "management.endpoints.web.exposure.include=rivulet")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(ConsoleController.class));
  }

  @Test
  void noConsoleOutsideAServletWebApplication() {
    new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
        .withUserConfiguration(Words.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("spring.application.name=words-app", "rivulet.auto-startup=false",
            "rivulet.console.enabled=true", "management.endpoints.web.exposure.include=rivulet")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(ConsoleController.class));
  }

  @Test
  void settingsFollowTheContextPathBasePathAndPathMapping() {
    enabledAndExposed.withPropertyValues("management.endpoints.web.base-path=/manage",
            "management.endpoints.web.path-mapping.rivulet=streams",
            "rivulet.console.sample-interval=500ms", "rivulet.console.history=2m")
        .run(context -> assertThat(settings(context, "/shop")).isEqualTo(
            new ConsoleSettings("/shop/manage/streams", null, false, 500, 120_000)));
  }

  @Test
  void lookupsGoThroughTheRoutedQueryApiWhenItIsOn() {
    enabledAndExposed.withPropertyValues("rivulet.query.enabled=true")
        .run(context -> assertThat(settings(context, "/shop").stateQuery())
            .isEqualTo("/shop/rivulet/v1/state"));
    enabledAndExposed.withPropertyValues("rivulet.query.enabled=false")
        .run(context -> assertThat(settings(context, "/shop").stateQuery()).isNull());
  }

  @Test
  void invalidSettingsFailTheStart() {
    enabledAndExposed.withPropertyValues("rivulet.console.path=console")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("rivulet.console.path"));
  }
}
