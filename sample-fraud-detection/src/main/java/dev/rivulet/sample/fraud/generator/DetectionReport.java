package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Rule;
import java.util.List;
import java.util.Map;

/**
 * Alerts compared with the injected frauds: an injected fraud is detected by an alert of its rule
 * on its card; a second such alert is a duplicate; an alert matching no injected fraud is
 * unexpected (a false positive, since normal traffic is generated free of frauds).
 *
 * @param injected frauds injected so far
 * @param detected injected frauds with at least one alert
 * @param detectedByRule detected frauds per rule
 * @param missed injected frauds without an alert (yet)
 * @param duplicates extra alerts for an already detected fraud
 * @param unexpected alerts matching no injected fraud
 */
public record DetectionReport(int injected, int detected, Map<Rule, Integer> detectedByRule,
    List<InjectedFraud> missed, List<FraudAlert> duplicates, List<FraudAlert> unexpected) {

  public DetectionReport {
    detectedByRule = Map.copyOf(detectedByRule);
    missed = List.copyOf(missed);
    duplicates = List.copyOf(duplicates);
    unexpected = List.copyOf(unexpected);
  }

  /** Every injected fraud alerted exactly once, and nothing else. */
  public boolean exact() {
    return missed.isEmpty() && duplicates.isEmpty() && unexpected.isEmpty();
  }
}
