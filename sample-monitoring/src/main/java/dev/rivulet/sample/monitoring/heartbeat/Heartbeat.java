package dev.rivulet.sample.monitoring.heartbeat;

import java.time.Instant;

/**
 * What the {@code service-heartbeat} processor remembers of a service.
 *
 * @param lastSeen processing time (wall clock) of the service's last sample, millis
 * @param lastEventTime event time of that sample
 * @param silent whether a silence alert is firing
 * @param timerAt processing time of the pending check, or 0 if none is pending
 */
public record Heartbeat(long lastSeen, Instant lastEventTime, boolean silent, long timerAt) {}
