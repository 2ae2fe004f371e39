package dev.rivulet.sample.monitoring.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.MonitoringTopics;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import dev.rivulet.sample.monitoring.stats.AnomalySettings;
import dev.rivulet.sample.monitoring.stats.ServiceStatsProcessor;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics generator's simulation, and the service-stats processor over its traffic in the
 * test driver: each latency spike and error burst fires once and resolves once, nothing else.
 */
class MetricsSimulationTest {
  private static final long ORIGIN = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();

  private static List<MetricSample> run(GeneratorSettings settings, IncidentLog log,
      Duration span) {
    MetricsSimulation simulation = new MetricsSimulation(settings, ORIGIN, log::add);
    List<MetricSample> all = new ArrayList<>();
    for (long t = ORIGIN; t <= ORIGIN + span.toMillis(); t += 10_000) {
      all.addAll(simulation.advanceTo(t));
    }
    return all;
  }

  @Test
  void theSameSeedGivesTheSameSamples() {
    GeneratorSettings settings = GeneratorSettings.defaults().with(3, 3);

    assertThat(run(settings, new IncidentLog(), Duration.ofMinutes(50)))
        .isEqualTo(run(settings, new IncidentLog(), Duration.ofMinutes(50)))
        .isNotEqualTo(run(settings.with(4, 3), new IncidentLog(), Duration.ofMinutes(50)));
  }

  @Test
  void injectsEachKindOfIncidentOnItsOwnService() {
    IncidentLog log = new IncidentLog();
    List<MetricSample> samples =
        run(GeneratorSettings.defaults().with(3, 3), log, Duration.ofMinutes(60));

    assertThat(log.incidents()).extracting(Incident::kind).containsExactly(Kind.values());
    assertThat(log.incidents()).extracting(Incident::service).doesNotHaveDuplicates();
    Incident silence = log.incidents().get(2);
    assertThat(samples).noneMatch(s -> s.service().equals(silence.service())
        && !s.eventTime().isBefore(silence.start().plusSeconds(5))
        && s.eventTime().isBefore(silence.end().minusSeconds(5)));
    Incident errors = log.incidents().get(1);
    assertThat(samples.stream().filter(s -> s.service().equals(errors.service())
        && !s.eventTime().isBefore(errors.start()) && s.eventTime().isBefore(errors.end()))
        .filter(MetricSample::failed).count()).isGreaterThan(30);
  }

  @Test
  void anIncidentAskedForStartsAtTheNextSampleAndTheScheduleStaysOff() {
    IncidentLog log = new IncidentLog();
    MetricsSimulation simulation =
        new MetricsSimulation(GeneratorSettings.defaults().with(3, 0), ORIGIN, log::add);
    simulation.advanceTo(ORIGIN + 600_000);
    assertThat(log.incidents()).isEmpty();
    simulation.incidentNow();
    List<MetricSample> after = simulation.advanceTo(ORIGIN + 900_000);
    assertThat(log.incidents()).singleElement().satisfies(i -> {
      assertThat(i.kind()).isEqualTo(Kind.LATENCY_SPIKE);
      assertThat(i.start().toEpochMilli()).isBetween(ORIGIN + 600_000, ORIGIN + 602_000);
    });
    assertThat(after).isNotEmpty();
    simulation.advanceTo(ORIGIN + 3_600_000);
    assertThat(log.incidents()).hasSize(1);
  }

  @Test
  void normalTrafficNeverPausesForSeconds() {
    List<MetricSample> samples =
        run(GeneratorSettings.defaults().with(3, 0), new IncidentLog(), Duration.ofMinutes(30));
    for (String service : MetricsSimulation.SERVICES) {
      List<Instant> times = samples.stream().filter(s -> s.service().equals(service))
          .map(MetricSample::eventTime).sorted().toList();
      for (int i = 1; i < times.size(); i++) {
        assertThat(Duration.between(times.get(i - 1), times.get(i)))
            .isLessThan(Duration.ofSeconds(4));
      }
    }
  }

  @Test
  void everySpikeAndBurstFiresOnceAndResolvesOnceAndNothingElse() {
    IncidentLog log = new IncidentLog();
    List<MetricSample> samples =
        run(GeneratorSettings.defaults().with(5, 2), log, Duration.ofMinutes(45));
    MonitoringTopics topics = MonitoringTopics.defaults();
    List<ServiceAlert> alerts = new ArrayList<>();
    try (ProcessorTestDriver<String, MetricSample, ServiceAlert> driver = ProcessorTestDriver.of(
        ServiceStatsProcessor.definition(topics, AnomalySettings.defaults()))) {
      for (MetricSample sample : samples) {
        driver.pipe(topics.metrics(), sample.service(), sample,
            sample.eventTime().toEpochMilli());
      }
      driver.readOutput().stream().map(TestRecord::value).forEach(alerts::add);
    }

    IncidentReport report = log.compare(alerts);
    assertThat(report.incidents()).isEqualTo(2);
    assertThat(report.handled()).hasSize(2);
    assertThat(report.duplicates()).isEmpty();
    assertThat(report.unexpected()).isEmpty();
  }
}
