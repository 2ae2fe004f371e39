package dev.rivulet.sample.monitoring.stats;

/**
 * Judges one signal's window against its baseline, with hysteresis: fire on the first anomalous
 * window, resolve after {@code resolveAfter} healthy windows in a row. Stateless: the state is the
 * {@link SignalBaseline} passed in and returned. Thread-safe.
 */
final class AnomalyDetector {

  /** What a window did to the alert. */
  enum Verdict {
    NONE,
    FIRE,
    RESOLVE
  }

  /**
   * The outcome of one window.
   *
   * @param baseline the signal's new baseline and alert state
   * @param verdict whether to fire or resolve an alert
   * @param z the window's z-score (0 while warming up)
   */
  record Step(SignalBaseline baseline, Verdict verdict, double z) {}

  private final AnomalySettings settings;

  AnomalyDetector(AnomalySettings settings) {
    this.settings = settings;
  }

  Step observe(Signal signal, SignalBaseline baseline, double value) {
    if (baseline.windows() < settings.warmupWindows()) {
      return new Step(baseline.learn(value, settings.smoothing()), Verdict.NONE, 0);
    }
    double z = signal.z(value, baseline);
    if (!baseline.firing()) {
      boolean anomalous = z >= settings.fireZ()
          && signal.significant(value, baseline.mean(), settings, false);
      return anomalous ? new Step(baseline.firing(true, 0), Verdict.FIRE, z)
          : new Step(baseline.learn(value, settings.smoothing()), Verdict.NONE, z);
    }
    boolean stillBad = z >= settings.resolveZ()
        && signal.significant(value, baseline.mean(), settings, true);
    if (stillBad) {
      return new Step(baseline.firing(true, 0), Verdict.NONE, z);
    }
    int streak = baseline.healthyStreak() + 1;
    return streak >= settings.resolveAfter()
        ? new Step(baseline.firing(false, 0), Verdict.RESOLVE, z)
        : new Step(baseline.firing(true, streak), Verdict.NONE, z);
  }
}
