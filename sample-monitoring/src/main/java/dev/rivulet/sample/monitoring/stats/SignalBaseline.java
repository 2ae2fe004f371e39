package dev.rivulet.sample.monitoring.stats;

/**
 * One signal of a service (p95 latency or error rate): its exponentially weighted moving mean and
 * variance over past windows, and its alert state. Immutable.
 *
 * @param mean moving mean
 * @param variance moving variance
 * @param windows windows learned so far
 * @param firing whether an alert on this signal is firing
 * @param healthyStreak windows in a row that were healthy while firing
 */
public record SignalBaseline(double mean, double variance, long windows, boolean firing,
    int healthyStreak) {

  /** No window seen yet. */
  public static final SignalBaseline EMPTY = new SignalBaseline(0, 0, 0, false, 0);

  /** Learns a window's value (West's incremental weighted mean and variance). */
  SignalBaseline learn(double value, double smoothing) {
    if (windows == 0) {
      return new SignalBaseline(value, 0, 1, firing, healthyStreak);
    }
    double diff = value - mean;
    double increment = smoothing * diff;
    return new SignalBaseline(mean + increment, (1 - smoothing) * (variance + diff * increment),
        windows + 1, firing, healthyStreak);
  }

  SignalBaseline firing(boolean nowFiring, int streak) {
    return new SignalBaseline(mean, variance, windows, nowFiring, streak);
  }

  double std() {
    return Math.sqrt(Math.max(0, variance));
  }
}
