package dev.rivulet.sample.monitoring.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic names ({@code monitoring.topics.*}).
 *
 * @param metrics input: {@link MetricSample}s keyed by service
 * @param stats output: {@link ServiceStats} per service and window
 * @param alerts output: {@link ServiceAlert}s
 */
@ConfigurationProperties("monitoring.topics")
public record MonitoringTopics(
    @DefaultValue("service-metrics") String metrics,
    @DefaultValue("service-stats") String stats,
    @DefaultValue("service-alerts") String alerts) {

  /** The defaults above (for code running without Spring, such as unit tests). */
  public static MonitoringTopics defaults() {
    return new Binder().bindOrCreate("monitoring.topics", MonitoringTopics.class);
  }
}
