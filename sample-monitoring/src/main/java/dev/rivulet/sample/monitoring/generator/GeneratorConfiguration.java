package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.monitoring.model.MonitoringTopics;
import dev.rivulet.sample.support.GeneratorLifecycleConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs the {@link MetricsGenerator} when {@code monitoring.generator.enabled=true}: it starts
 * after everything else and stops first ({@link GeneratorLifecycleConfiguration}). Gauges
 * {@code monitoring.generator.samples} and {@code monitoring.generator.incidents}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "monitoring.generator.enabled", havingValue = "true")
@Import(GeneratorLifecycleConfiguration.class)
class GeneratorConfiguration {

  @Bean
  MetricsGenerator metricsGenerator(GeneratorSettings settings, MonitoringTopics topics,
      KafkaTemplate<String, String> template, ObjectProvider<MeterRegistry> registry) {
    MetricsGenerator generator =
        new MetricsGenerator(settings, topics, template, System::currentTimeMillis);
    registry.ifAvailable(r -> {
      Gauge.builder("monitoring.generator.samples", generator, MetricsGenerator::samplesSent)
          .description("Samples sent by the metrics generator").register(r);
      Gauge.builder("monitoring.generator.incidents", generator,
          g -> g.incidents().incidents().size())
          .description("Incidents injected by the metrics generator").register(r);
    });
    return generator;
  }
}
