package dev.rivulet.spring.devbroker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.internal.runtime.RivuletRuntime;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.broker.KraftBroker;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The dev broker's off conditions; no broker is started here (see DevBrokerIT for "on"). */
class DevBrokerInitializerTests {

  @StreamProcessor(id = "dev-words", inputs = "dev-words")
  static class Words implements KeyedProcessor<String, String, Void> {
    @Override
    public void process(String value, KeyedContext<String, Void> ctx) {}
  }

  static final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withInitializer(new DevBrokerInitializer())
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
          RivuletAutoConfiguration.class, RivuletDevBrokerAutoConfiguration.class))
      .withUserConfiguration(Words.class)
      .withPropertyValues("spring.application.name=dev-app", "rivulet.auto-startup=false");

  static RivuletConfig config(Rivulet rivulet) {
    return ((RivuletRuntime) rivulet).config();
  }

  @Test
  void offByDefault() {
    runner.run(context -> {
      assertThat(context.getEnvironment().getPropertySources()
          .contains(DevBrokerInitializer.PROPERTY_SOURCE)).isFalse();
      assertThat(context).doesNotHaveBean(DevBrokerInputTopics.class);
      assertThat(config(context.getBean(Rivulet.class)).bootstrapServers())
          .isEqualTo("localhost:9092");
    });
  }

  @Test
  void explicitBootstrapServersWinOverTheDevBroker() {
    runner.withPropertyValues("rivulet.dev-broker.enabled=true",
        "spring.kafka.bootstrap-servers=kafka.internal:9092").run(context -> {
          assertThat(context.getEnvironment().getPropertySources()
              .contains(DevBrokerInitializer.PROPERTY_SOURCE)).isFalse();
          assertThat(context).doesNotHaveBean(DevBrokerInputTopics.class);
          assertThat(config(context.getBean(Rivulet.class)).bootstrapServers())
              .isEqualTo("kafka.internal:9092");
        });
  }

  @Test
  void explicitBootstrapServersInIndexedFormWinToo() {
    runner.withPropertyValues("rivulet.dev-broker.enabled=true",
        "spring.kafka.bootstrap-servers[0]=kafka.internal:9092").run(context ->
            assertThat(context.getEnvironment().getPropertySources()
                .contains(DevBrokerInitializer.PROPERTY_SOURCE)).isFalse());
  }

  @Test
  void offWithoutTheEmbeddedBrokerOnTheClasspath() {
    runner.withPropertyValues("rivulet.dev-broker.enabled=true")
        .withClassLoader(new FilteredClassLoader(KraftBroker.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getEnvironment().getPropertySources()
              .contains(DevBrokerInitializer.PROPERTY_SOURCE)).isFalse();
        });
  }
}
