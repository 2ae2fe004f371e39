package dev.rivulet.sample.monitoring.heartbeat;

import java.time.Instant;

/**
 * What the {@code service-heartbeat} processor remembers of a service.
 *
 * @param lastSeen processing time (wall clock) of the service's last sample, millis
 * @param lastEventTime event time of that sample
 * @param status whether the service is reporting, overdue or silent
 * @param timerAt processing time of the pending check, or 0 if none is pending
 */
public record Heartbeat(long lastSeen, Instant lastEventTime, Status status, long timerAt) {

  /** A service's heartbeat status. */
  public enum Status {
    /** Reporting. */
    OK,
    /** No sample for the timeout: confirmed silent at the next check unless a sample comes. */
    OVERDUE,
    /** Confirmed silent: a silence alert is firing. */
    SILENT
  }
}
