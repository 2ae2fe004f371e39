package dev.rivulet.spring.test;

import dev.rivulet.spring.devbroker.DevTopics;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link RivuletTestBroker} to a test's application context: starts (or reuses) the
 * broker, creates the topics and sets {@code spring.kafka.bootstrap-servers} with highest
 * precedence. Registered in {@code META-INF/spring.factories}.
 */
public final class RivuletTestBrokerContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    RivuletTestBroker annotation =
        TestContextAnnotationUtils.findMergedAnnotation(testClass, RivuletTestBroker.class);
    return annotation == null ? null : new Customizer(TestBrokers.resolve(annotation.broker()),
        DevTopics.parse(Arrays.asList(annotation.topics()), 1));
  }

  /** Equal for equal settings, so that test contexts are cached as usual. */
  private record Customizer(BrokerKind kind, Map<String, Integer> topics)
      implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context,
        MergedContextConfiguration mergedConfig) {
      String servers = TestBrokers.prepare(kind, topics);
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
          "rivuletTestBroker", Map.of("spring.kafka.bootstrap-servers", servers)));
    }
  }
}
