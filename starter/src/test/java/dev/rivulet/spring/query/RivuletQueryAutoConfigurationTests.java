package dev.rivulet.spring.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * One test per condition of {@link RivuletQueryAutoConfiguration} and of the default advertised
 * URL; no broker, no server.
 */
class RivuletQueryAutoConfigurationTests {
  private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
      KafkaAutoConfiguration.class, RivuletAutoConfiguration.class,
      RivuletQueryAutoConfiguration.class);

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(CONFIGURATIONS).withUserConfiguration(Counter.class)
      .withPropertyValues("spring.application.name=query-app");

  @StreamProcessor(id = "counter", inputs = "words")
  static class Counter implements KeyedProcessor<String, String, Void> {
    @Override
    public void process(String value, KeyedContext<String, Void> ctx) {}
  }

  @Test
  void theApiIsOffByDefaultButTheForwarderIsThere() {
    web.run(context -> assertThat(context).hasNotFailed()
        .hasSingleBean(QueryForwarder.class).doesNotHaveBean(StateQueryController.class));
  }

  @Test
  void theApiIsOnWhenEnabled() {
    web.withPropertyValues("rivulet.query.enabled=true").run(context ->
        assertThat(context).hasSingleBean(StateQueryController.class));
  }

  @Test
  void backsOffOutsideAServletWebApplication() {
    new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
        .withUserConfiguration(Counter.class)
        .withPropertyValues("spring.application.name=query-app", "rivulet.query.enabled=true")
        .run(context -> assertThat(context).hasSingleBean(Rivulet.class)
            .doesNotHaveBean(QueryForwarder.class).doesNotHaveBean(StateQueryController.class));
  }

  @Test
  void backsOffWithoutARuntime() {
    new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
        .withPropertyValues("rivulet.query.enabled=true")
        .run(context -> assertThat(context).doesNotHaveBean(QueryForwarder.class));
  }

  @Test
  void advertisesTheConfiguredUrl() {
    web.withPropertyValues("rivulet.advertised-url=http://counter-0.counter:8080")
        .run(context -> assertThat(context.getBean(Rivulet.class).advertisedUrl())
            .contains("http://counter-0.counter:8080"));
  }

  @Test
  void advertisesTheHostAndServerPortByDefault() throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    web.withPropertyValues("server.port=9191", "server.servlet.context-path=/app")
        .run(context -> assertThat(context.getBean(Rivulet.class).advertisedUrl())
            .contains("http://" + host + ":9191/app"));
    web.run(context -> assertThat(context.getBean(Rivulet.class).advertisedUrl())
        .contains("http://" + host + ":8080"));
  }

  @Test
  void advertisesNothingForARandomPortOrOutsideAWebApplication() {
    web.withPropertyValues("server.port=0").run(context ->
        assertThat(context.getBean(Rivulet.class).advertisedUrl()).isEmpty());
    new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
        .withUserConfiguration(Counter.class)
        .withPropertyValues("spring.application.name=query-app")
        .run(context -> assertThat(context.getBean(Rivulet.class).advertisedUrl()).isEmpty());
  }
}
