package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.rules.RuleSettings;
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
 * Runs the {@link TrafficGenerator} when {@code fraud.generator.enabled=true}: it starts after
 * everything else (the processors are running) and stops first
 * ({@link GeneratorLifecycleConfiguration}). Its counters are the gauges
 * {@code fraud.generator.payments} and {@code fraud.generator.injected}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "fraud.generator.enabled", havingValue = "true")
@Import(GeneratorLifecycleConfiguration.class)
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
}
