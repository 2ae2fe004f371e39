package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The frauds a generator injected, in injection order. Thread-safe. */
public final class GroundTruth {
  private final List<InjectedFraud> injected = new CopyOnWriteArrayList<>();

  void add(InjectedFraud fraud) {
    injected.add(fraud);
  }

  /** The injected frauds so far. */
  public List<InjectedFraud> injected() {
    return List.copyOf(injected);
  }

  /** Compares alerts (as read from the alerts topic, duplicates included) with the frauds. */
  public DetectionReport compare(Collection<FraudAlert> alerts) {
    Map<String, List<FraudAlert>> byFraud = new HashMap<>();
    List<FraudAlert> unexpected = new ArrayList<>();
    Map<String, InjectedFraud> frauds = new HashMap<>();
    for (InjectedFraud fraud : injected) {
      frauds.put(key(fraud.rule(), fraud.cardId()), fraud);
    }
    for (FraudAlert alert : alerts) {
      String key = key(alert.rule(), alert.cardId());
      if (frauds.containsKey(key)) {
        byFraud.computeIfAbsent(key, k -> new ArrayList<>()).add(alert);
      } else {
        unexpected.add(alert);
      }
    }
    List<InjectedFraud> missed = new ArrayList<>();
    List<FraudAlert> duplicates = new ArrayList<>();
    Map<Rule, Integer> detectedByRule = new EnumMap<>(Rule.class);
    for (InjectedFraud fraud : injected) {
      List<FraudAlert> found = byFraud.getOrDefault(key(fraud.rule(), fraud.cardId()), List.of());
      if (found.isEmpty()) {
        missed.add(fraud);
      } else {
        detectedByRule.merge(fraud.rule(), 1, Integer::sum);
        duplicates.addAll(found.subList(1, found.size()));
      }
    }
    return new DetectionReport(injected.size(), injected.size() - missed.size(), detectedByRule,
        missed, duplicates, unexpected);
  }

  private static String key(Rule rule, String cardId) {
    return rule + "/" + cardId;
  }
}
