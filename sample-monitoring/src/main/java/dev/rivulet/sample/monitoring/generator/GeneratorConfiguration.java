package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.monitoring.model.MonitoringTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs the {@link MetricsGenerator} when {@code monitoring.generator.enabled=true}: it starts
 * after everything else and stops first. Gauges {@code monitoring.generator.samples} and
 * {@code monitoring.generator.incidents}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "monitoring.generator.enabled", havingValue = "true")
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

  @Bean
  SmartLifecycle metricsGeneratorLifecycle(MetricsGenerator generator) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        generator.start();
        running = true;
      }

      @Override
      public void stop() {
        generator.close();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return Integer.MAX_VALUE - 1000; // start last, stop first
      }
    };
  }

  /** Generated samples are not worth waiting for at shutdown (the dev broker may be gone). */
  @Bean
  DefaultKafkaProducerFactoryCustomizer generatorProducerCloseTimeout() {
    return factory -> factory.setPhysicalCloseTimeout(2);
  }
}
