package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.monitoring.model.ServiceAlert;
import java.time.Instant;

/**
 * Ground truth: an incident the generator injected, which should raise one firing and one
 * resolved alert of its kind on its service.
 *
 * @param kind the alert it should raise
 * @param service the service
 * @param start when it starts (event time)
 * @param end when it ends (event time, exclusive)
 */
public record Incident(ServiceAlert.Kind kind, String service, Instant start, Instant end) {}
