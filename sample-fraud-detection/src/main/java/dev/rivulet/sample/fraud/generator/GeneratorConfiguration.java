package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.rules.RuleSettings;
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
 * Runs the {@link TrafficGenerator} when {@code fraud.generator.enabled=true}: it starts after
 * everything else (the processors are running) and stops first. Its counters are the gauges
 * {@code fraud.generator.payments} and {@code fraud.generator.injected}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "fraud.generator.enabled", havingValue = "true")
class GeneratorConfiguration {

  @Bean
  TrafficGenerator trafficGenerator(GeneratorSettings settings, FraudTopics topics,
      RuleSettings rules, KafkaTemplate<String, String> template,
      ObjectProvider<MeterRegistry> registry) {
    TrafficGenerator generator = new TrafficGenerator(settings, topics, rules.travelModel(),
        template, System::currentTimeMillis);
    registry.ifAvailable(r -> {
      Gauge.builder("fraud.generator.payments", generator, TrafficGenerator::paymentsSent)
          .description("Payments sent by the traffic generator").register(r);
      Gauge.builder("fraud.generator.injected", generator,
          g -> g.groundTruth().injected().size())
          .description("Frauds injected by the traffic generator").register(r);
    });
    return generator;
  }

  @Bean
  SmartLifecycle trafficGeneratorLifecycle(TrafficGenerator generator) {
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

  /**
   * Test traffic is not worth waiting for at shutdown: the producer gives up on unsent records
   * after 2 seconds (with the dev broker, JVM shutdown may take the broker away first).
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer generatorProducerCloseTimeout() {
    return factory -> factory.setPhysicalCloseTimeout(2);
  }
}
