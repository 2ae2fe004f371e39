package dev.rivulet.sample.monitoring.stats;

import dev.rivulet.sample.monitoring.model.ServiceAlert;

/**
 * The signals judged per window, each with its own notion of a practically significant change
 * (on top of the z-score) and a floor for its standard deviation (a very steady baseline would
 * otherwise turn noise into huge z-scores).
 */
enum Signal {
  /** p95 latency, ms: significant when a multiple of the usual value. */
  LATENCY(ServiceAlert.Kind.LATENCY_SPIKE) {
    @Override
    boolean significant(double value, double mean, AnomalySettings s, boolean firing) {
      double factor = firing ? 1 + (s.latencyFactor() - 1) / 2 : s.latencyFactor();
      return value >= mean * factor;
    }

    @Override
    double stdFloor(double mean) {
      return Math.max(1, 0.05 * mean);
    }
  },
  /** Error rate, 0-1: significant when some points above the usual rate. */
  ERRORS(ServiceAlert.Kind.ERROR_BURST) {
    @Override
    boolean significant(double value, double mean, AnomalySettings s, boolean firing) {
      double margin = firing ? s.errorRateMargin() / 2 : s.errorRateMargin();
      return value >= mean + margin;
    }

    @Override
    double stdFloor(double mean) {
      return 0.005;
    }
  };

  final ServiceAlert.Kind kind;

  Signal(ServiceAlert.Kind kind) {
    this.kind = kind;
  }

  /**
   * Whether a value differs enough from the mean to matter: at the firing threshold, or at the
   * lower resolving threshold while an alert fires.
   */
  abstract boolean significant(double value, double mean, AnomalySettings s, boolean firing);

  abstract double stdFloor(double mean);

  /** The value's z-score against the baseline. */
  double z(double value, SignalBaseline baseline) {
    return (value - baseline.mean()) / Math.max(baseline.std(), stdFloor(baseline.mean()));
  }
}
