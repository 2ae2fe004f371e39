package dev.rivulet.sample.support;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the application's {@link SampleGenerator} bean: it starts after everything else and stops
 * first. A sample imports this from its own generator configuration (the one that is conditional
 * on its {@code <sample>.generator.enabled} property and declares the generator bean).
 */
@Configuration(proxyBeanMethods = false)
public class GeneratorLifecycleConfiguration {

  @Bean
  SmartLifecycle generatorLifecycle(SampleGenerator<?> generator) {
    return new GeneratorLifecycle(generator);
  }

  /**
   * Test traffic is not worth waiting for at shutdown: the producer gives up on unsent records
   * after 2 seconds (with the dev broker, JVM shutdown may take the broker away first).
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer generatorProducerCloseTimeout() {
    return factory -> factory.setPhysicalCloseTimeout(2);
  }
}
