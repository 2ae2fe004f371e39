package dev.rivulet.sample.monitoring.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One request measured by a service, as published on the {@code service-metrics} topic (key: the
 * service name).
 *
 * <pre>{@code
 * {"service":"checkout","endpoint":"POST /orders","latencyMs":84,"status":200,
 *  "eventTime":"2025-11-25T10:00:00.123Z"}
 * }</pre>
 *
 * @param service the service, also the record key
 * @param endpoint the endpoint called
 * @param latencyMs response time in milliseconds
 * @param status HTTP status; 5xx counts as an error
 * @param eventTime when the request completed
 */
public record MetricSample(String service, String endpoint, long latencyMs, int status,
    Instant eventTime) {

  public MetricSample {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  /** Whether the request failed on the server side (status 5xx). */
  public boolean failed() {
    return status >= 500;
  }
}
