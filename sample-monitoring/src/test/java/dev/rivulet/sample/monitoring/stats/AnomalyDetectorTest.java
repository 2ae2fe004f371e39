package dev.rivulet.sample.monitoring.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.sample.monitoring.stats.AnomalyDetector.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Baseline learning and alert hysteresis of one signal. */
class AnomalyDetectorTest {
  private final AnomalySettings settings = AnomalySettings.defaults();
  private final AnomalyDetector detector = new AnomalyDetector(settings);
  private SignalBaseline baseline = SignalBaseline.EMPTY;

  private List<Verdict> feed(Signal signal, double... values) {
    List<Verdict> verdicts = new ArrayList<>();
    for (double value : values) {
      AnomalyDetector.Step step = detector.observe(signal, baseline, value);
      baseline = step.baseline();
      verdicts.add(step.verdict());
    }
    return verdicts;
  }

  private void warmUp() {
    for (int i = 0; i < settings.warmupWindows(); i++) {
      feed(Signal.LATENCY, i % 2 == 0 ? 95 : 105);
    }
  }

  @Test
  void learnsTheMeanAndVarianceOfTheWindows() {
    warmUp();

    assertThat(baseline.windows()).isEqualTo(settings.warmupWindows());
    assertThat(baseline.mean()).isBetween(98.0, 102.0);
    assertThat(baseline.std()).isBetween(3.0, 6.0);
  }

  @Test
  void staysQuietWhileWarmingUp() {
    assertThat(feed(Signal.LATENCY, 100, 100, 1000)).containsOnly(Verdict.NONE);
  }

  @Test
  void firesOnceAndResolvesOnceAfterTwoHealthyWindows() {
    warmUp();

    assertThat(feed(Signal.LATENCY, 600, 700, 650, 100, 640, 100, 100, 100))
        .containsExactly(Verdict.FIRE, Verdict.NONE, Verdict.NONE, Verdict.NONE, Verdict.NONE,
            Verdict.NONE, Verdict.RESOLVE, Verdict.NONE);
  }

  @Test
  void doesNotLearnTheIncident() {
    warmUp();
    double before = baseline.mean();

    feed(Signal.LATENCY, 600, 700, 100, 100);
    assertThat(baseline.mean()).isEqualTo(before);
    assertThat(baseline.windows()).isEqualTo(settings.warmupWindows());
  }

  @Test
  void needsAPracticallySignificantChange() {
    warmUp();

    // z far above 4, but p95 only 1.5x the usual value: not a spike
    assertThat(feed(Signal.LATENCY, 150)).containsExactly(Verdict.NONE);
  }

  @Test
  void judgesErrorRatesByMargin() {
    for (int i = 0; i < settings.warmupWindows(); i++) {
      feed(Signal.ERRORS, i % 3 == 0 ? 0.02 : 0.0);
    }

    assertThat(feed(Signal.ERRORS, 0.05, 0.30, 0.12, 0.0, 0.0))
        .containsExactly(Verdict.NONE, Verdict.FIRE, Verdict.NONE, Verdict.NONE, Verdict.RESOLVE);
  }
}
