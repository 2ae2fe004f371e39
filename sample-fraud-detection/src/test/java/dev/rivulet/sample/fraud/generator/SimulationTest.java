package dev.rivulet.sample.fraud.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.sample.fraud.FraudPipeline;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import dev.rivulet.sample.fraud.rules.RuleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generator's simulation, and all rules run over its traffic by the test driver: every
 * injected fraud is alerted exactly once and normal traffic raises nothing.
 */
class SimulationTest {
  private static final long ORIGIN = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();
  private static final Duration SPAN = Duration.ofHours(5);
  private static final long[] SEEDS = {7, 42};

  private static GeneratorSettings settings(long seed, int maxInjections) {
    return GeneratorSettings.defaults().with(seed, 80, maxInjections);
  }

  private static List<Generated> run(GeneratorSettings settings, GroundTruth truth) {
    Simulation simulation = new Simulation(settings, RuleSettings.defaults().travelModel(),
        ORIGIN, truth::add);
    List<Generated> all = new ArrayList<>();
    for (long t = ORIGIN; t <= ORIGIN + SPAN.toMillis(); t += 60_000) {
      all.addAll(simulation.advanceTo(t));
    }
    return all;
  }

  private static List<FraudAlert> detect(List<Generated> traffic) {
    try (FraudPipeline pipeline = new FraudPipeline()) {
      traffic.forEach(g -> pipeline.send(g.activity()));
      return pipeline.flush().alerts();
    }
  }

  @Test
  void theSameSeedGivesTheSameTraffic() {
    GroundTruth first = new GroundTruth();
    GroundTruth second = new GroundTruth();

    assertThat(run(settings(7, 10), first)).isEqualTo(run(settings(7, 10), second))
        .isNotEqualTo(run(settings(8, 10), new GroundTruth()));
    assertThat(first.injected()).isEqualTo(second.injected());
  }

  @Test
  void aFraudInjectedOnDemandIsAlertedAndLeavesTheScheduleAlone() {
    GroundTruth truth = new GroundTruth();
    Simulation simulation = new Simulation(settings(7, 0), RuleSettings.defaults().travelModel(),
        ORIGIN, truth::add);
    List<Generated> traffic = new ArrayList<>();
    long oneHour = Duration.ofHours(1).toMillis();
    traffic.addAll(simulation.advanceTo(ORIGIN + oneHour)); // history, no injections (max 0)
    assertThat(truth.injected()).isEmpty();
    simulation.injectNow();
    for (long t = ORIGIN + oneHour; t <= ORIGIN + 3 * oneHour; t += 60_000) {
      traffic.addAll(simulation.advanceTo(t));
    }
    assertThat(truth.injected()).hasSize(1);
    assertThat(truth.compare(detect(traffic)).missed()).isEmpty();
  }

  @Test
  void injectsEveryRuleAndMarksTheFraudulentPayments() {
    GroundTruth truth = new GroundTruth();
    List<Generated> traffic = run(settings(7, 10), truth);

    Map<Rule, Long> perRule = truth.injected().stream()
        .collect(Collectors.groupingBy(InjectedFraud::rule, Collectors.counting()));
    assertThat(perRule).containsOnlyKeys(Rule.values()).allSatisfy((rule, n) ->
        assertThat(n).isEqualTo(2));
    assertThat(truth.injected()).extracting(InjectedFraud::cardId).doesNotHaveDuplicates();
    List<String> marked = traffic.stream().filter(g -> g.fraud() != null)
        .map(g -> ((Payment) g.activity()).id()).toList();
    assertThat(marked).containsExactlyInAnyOrderElementsOf(truth.injected().stream()
        .flatMap(f -> f.paymentIds().stream()).toList());
  }

  @Test
  void eventTimesStayWithinTheDisorderBound() {
    long maxSeen = 0;
    long bound = GeneratorSettings.defaults().maxDelay().toMillis();
    for (Generated g : run(settings(7, 10), new GroundTruth())) {
      long t = g.activity().eventTime().toEpochMilli();
      assertThat(t).isGreaterThanOrEqualTo(maxSeen - bound);
      maxSeen = Math.max(maxSeen, t);
    }
    assertThat(bound).isLessThan(RuleSettings.defaults().maxOutOfOrderness().toMillis());
  }

  @Test
  void everyInjectedFraudIsAlertedExactlyOnce() {
    for (long seed : SEEDS) {
      GroundTruth truth = new GroundTruth();
      List<FraudAlert> alerts = detect(run(settings(seed, 10), truth));

      DetectionReport report = truth.compare(alerts);
      assertThat(report.injected()).as("seed %d", seed).isEqualTo(10);
      assertThat(report.missed()).as("seed %d missed", seed).isEmpty();
      assertThat(report.duplicates()).as("seed %d duplicates", seed).isEmpty();
      assertThat(report.unexpected()).as("seed %d false positives", seed).isEmpty();
      for (FraudAlert alert : alerts) {
        InjectedFraud fraud = truth.injected().stream()
            .filter(f -> f.rule() == alert.rule() && f.cardId().equals(alert.cardId()))
            .findFirst().orElseThrow();
        assertThat(fraud.paymentIds()).as("the trigger is an injected payment")
            .contains(alert.triggerPaymentId());
      }
    }
  }

  @Test
  void normalTrafficRaisesNothing() {
    for (long seed : SEEDS) {
      GroundTruth truth = new GroundTruth();
      List<Generated> traffic = run(settings(seed, 0), truth);

      assertThat(truth.injected()).isEmpty();
      assertThat(traffic).hasSizeGreaterThan(800);
      assertThat(detect(traffic)).as("seed %d", seed).isEmpty();
    }
  }
}
