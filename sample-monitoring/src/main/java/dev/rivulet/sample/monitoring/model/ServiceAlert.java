package dev.rivulet.sample.monitoring.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert about a service, as published on the {@code service-alerts} topic (key: the service
 * name). Each incident produces one {@link State#FIRING} and, once over, one
 * {@link State#RESOLVED} alert of the same kind.
 *
 * @param service the service
 * @param kind what is wrong
 * @param state firing or resolved
 * @param evidence human-readable explanation
 * @param eventTime event time the alert refers to: the window's start for latency and errors, the
 *     last sample before the silence (firing) or the first one after it (resolved)
 */
public record ServiceAlert(String service, Kind kind, State state, String evidence,
    Instant eventTime) {

  public ServiceAlert {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
  }

  /** What is wrong. */
  public enum Kind {
    /** The p95 latency of a window is far above the service's baseline. */
    LATENCY_SPIKE,
    /** The error rate of a window is far above the service's baseline. */
    ERROR_BURST,
    /** The service stopped reporting (processing time). */
    SILENCE
  }

  /** Alert lifecycle: fire once, resolve once. */
  public enum State {
    FIRING,
    RESOLVED
  }
}
