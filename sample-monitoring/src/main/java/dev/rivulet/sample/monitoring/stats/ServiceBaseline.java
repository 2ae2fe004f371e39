package dev.rivulet.sample.monitoring.stats;

/**
 * What the {@code service-stats} processor knows about a service's usual behaviour: the baselines
 * of its p95 latency and error rate. Kept in value state (JSON) and queryable.
 *
 * @param latency p95 latency per window, ms
 * @param errors error rate per window
 */
public record ServiceBaseline(SignalBaseline latency, SignalBaseline errors) {

  /** A service nothing is known about yet. */
  public static final ServiceBaseline EMPTY =
      new ServiceBaseline(SignalBaseline.EMPTY, SignalBaseline.EMPTY);

  SignalBaseline of(Signal signal) {
    return signal == Signal.LATENCY ? latency : errors;
  }

  ServiceBaseline with(Signal signal, SignalBaseline baseline) {
    return signal == Signal.LATENCY ? new ServiceBaseline(baseline, errors)
        : new ServiceBaseline(latency, baseline);
  }
}
