package dev.rivulet.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.actuate.autoconfigure.RivuletEndpointAutoConfiguration;
import dev.rivulet.spring.actuate.autoconfigure.RivuletHealthContributorAutoConfiguration;
import dev.rivulet.spring.actuate.autoconfigure.RivuletInfoContributorAutoConfiguration;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** One test per condition of the Actuator auto-configurations; no broker. */
class RivuletActuatorAutoConfigurationTests {

  @StreamProcessor(id = "words", inputs = "words")
  static class Words implements KeyedProcessor<String, String, Void> {
    @Override
    public void process(String value, KeyedContext<String, Void> ctx) {}
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
          RivuletAutoConfiguration.class, RivuletEndpointAutoConfiguration.class,
          RivuletHealthContributorAutoConfiguration.class,
          RivuletInfoContributorAutoConfiguration.class))
      .withPropertyValues("spring.application.name=words-app", "rivulet.auto-startup=false");

  @Test
  void endpointIsNotExposedUnlessTheApplicationOptsIn() {
    runner.withUserConfiguration(Words.class)
        .run(context -> assertThat(context).doesNotHaveBean(RivuletEndpoint.class));
  }

  @Test
  void endpointWhenExposed() {
    runner.withUserConfiguration(Words.class)
        .withPropertyValues("management.endpoints.web.exposure.include=health,rivulet")
        .run(context -> assertThat(context).hasSingleBean(RivuletEndpoint.class));
  }

  @Test
  void noEndpointWithoutActuatorOnTheClasspath() {
    runner.withUserConfiguration(Words.class)
        .withPropertyValues("management.endpoints.web.exposure.include=rivulet")
        .withClassLoader(new FilteredClassLoader(Endpoint.class, InfoContributor.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RivuletEndpoint.class)
            .doesNotHaveBean(RivuletInfoContributor.class));
  }

  @Test
  void noEndpointWithoutRuntime() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=rivulet")
        .run(context -> assertThat(context).doesNotHaveBean(RivuletEndpoint.class)
            .doesNotHaveBean(RivuletHealthIndicator.class));
  }

  @Test
  void endpointCanBeDisabled() {
    runner.withUserConfiguration(Words.class)
        .withPropertyValues("management.endpoints.web.exposure.include=rivulet",
            "management.endpoint.rivulet.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(RivuletEndpoint.class));
  }

  @Test
  void healthIndicatorByDefault() {
    runner.withUserConfiguration(Words.class)
        .run(context -> assertThat(context).hasSingleBean(RivuletHealthIndicator.class)
            .hasBean("rivuletHealthIndicator"));
  }

  @Test
  void healthIndicatorCanBeDisabled() {
    runner.withUserConfiguration(Words.class)
        .withPropertyValues("management.health.rivulet.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RivuletHealthIndicator.class));
  }

  @Test
  void noHealthIndicatorWithoutHealthSupport() {
    runner.withUserConfiguration(Words.class)
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RivuletHealthIndicator.class));
  }

  @Test
  void infoContributorByDefaultAndItsContent() {
    runner.withUserConfiguration(Words.class).run(context -> {
      Info.Builder builder = new Info.Builder();
      context.getBean(RivuletInfoContributor.class).contribute(builder);
      assertThat(builder.build().getDetails()).containsKey("rivulet");
      @SuppressWarnings("unchecked")
      Map<String, Object> rivulet = (Map<String, Object>) builder.build().get("rivulet");
      assertThat(rivulet).containsEntry("applicationId", "words-app");
      assertThat(rivulet.get("processors").toString()).contains("words", "inputs");
    });
  }

  @Test
  void infoContributorCanBeDisabled() {
    runner.withUserConfiguration(Words.class)
        .withPropertyValues("management.info.rivulet.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RivuletInfoContributor.class));
  }
}
