/**
 * The {@code service-stats} processor: event-time tumbling windows per service with latency
 * percentiles (HdrHistogram) and error rate, and anomaly detection against a per-service baseline.
 */
@NullMarked
package dev.rivulet.sample.monitoring.stats;

import org.jspecify.annotations.NullMarked;
