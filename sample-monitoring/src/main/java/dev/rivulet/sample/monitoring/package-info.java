/**
 * Service monitoring sample: a Spring Boot application turning service metrics into
 * per-minute statistics, anomaly alerts and heartbeat-loss alerts with Rivulet.
 */
@NullMarked
package dev.rivulet.sample.monitoring;

import org.jspecify.annotations.NullMarked;
