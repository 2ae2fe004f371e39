package dev.rivulet.sample.monitoring;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.MonitoringTopics;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.stats.AnomalySettings;
import dev.rivulet.sample.monitoring.stats.ServiceStatsProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The monitoring sample. With the default {@code application.properties} it starts an in-process
 * Kafka broker, the metrics generator and two processors: {@code service-stats} (a
 * {@link ProcessorDefinition} bean below: windows need their state declared) and
 * {@code service-heartbeat} (the {@code @StreamProcessor} bean
 * {@link dev.rivulet.sample.monitoring.heartbeat.HeartbeatProcessor}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MonitoringApplication {

  /** Runs the application. */
  public static void main(String[] args) {
    SpringApplication.run(MonitoringApplication.class, args);
  }

  @Bean
  ProcessorDefinition<String, MetricSample, ServiceAlert> serviceStats(MonitoringTopics topics,
      AnomalySettings settings) {
    return ServiceStatsProcessor.definition(topics, settings);
  }
}
