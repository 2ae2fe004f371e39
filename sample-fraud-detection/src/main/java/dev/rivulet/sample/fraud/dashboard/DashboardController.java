package dev.rivulet.sample.fraud.dashboard;

import dev.rivulet.sample.fraud.alerts.AlertLog;
import dev.rivulet.sample.fraud.generator.DetectionReport;
import dev.rivulet.sample.fraud.generator.InjectedFraud;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Rule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard?after=<epoch millis>}: what the sample's page ({@code /}) shows: new
 * series points, the latest alerts (each marked whether it matches an injected fraud) and, with
 * the generator on, detection against its ground truth.
 */
@RestController
class DashboardController {
  private static final int FEED = 50;
  private static final int INJECTED = 20;

  private final AlertFeed feed;
  private final DashboardSeries series;
  private final AlertLog alertLog;
  private final Optional<TrafficGenerator> generator;

  DashboardController(AlertFeed feed, DashboardSeries series, AlertLog alertLog,
      ObjectProvider<TrafficGenerator> generator) {
    this.feed = feed;
    this.series = series;
    this.alertLog = alertLog;
    this.generator = Optional.ofNullable(generator.getIfAvailable());
  }

  /**
   * The page's data.
   *
   * @param points series points after the requested time
   * @param alerts the latest alerts, newest first
   * @param detection detection against the ground truth, {@code null} without the generator
   */
  record Dashboard(List<DashboardSeries.Point> points, List<FeedAlert> alerts,
      @Nullable Detection detection) {}

  /**
   * An alert of the feed.
   *
   * @param rule the rule
   * @param cardId the card
   * @param amount amount of the triggering payment, {@code null} for a burst
   * @param currency its currency
   * @param evidence why
   * @param eventTime event time of the trigger
   * @param received when this application read it
   * @param injected whether it matches an injected fraud; {@code null} without the generator
   */
  record FeedAlert(Rule rule, String cardId, @Nullable BigDecimal amount,
      @Nullable String currency, String evidence, Instant eventTime, Instant received,
      @Nullable Boolean injected) {}

  /**
   * Alerts compared with the injected frauds.
   *
   * @param injected frauds injected so far
   * @param detected injected frauds alerted
   * @param pending injected frauds not alerted yet
   * @param duplicates extra alerts for a detected fraud
   * @param unexpected alerts matching no injected fraud
   * @param recall detected / injected (1 when none injected)
   * @param precision alerts matching an injected fraud / all alerts (1 when none)
   * @param latest the latest injected frauds, newest first
   */
  record Detection(int injected, int detected, int pending, int duplicates, int unexpected,
      double recall, double precision, List<Injected> latest) {}

  /**
   * An injected fraud and whether it was detected.
   *
   * @param rule the rule that should fire
   * @param cardId the card
   * @param eventTime when the fraud started (event time)
   * @param detected whether an alert of its rule on its card was read
   */
  record Injected(Rule rule, String cardId, Instant eventTime, boolean detected) {}

  @GetMapping("/dashboard")
  Dashboard dashboard(@RequestParam(defaultValue = "-1") long after) {
    Set<String> injectedKeys = new HashSet<>();
    generator.ifPresent(g -> g.groundTruth().injected()
        .forEach(f -> injectedKeys.add(f.rule() + "/" + f.cardId())));
    List<FeedAlert> alerts = feed.latest().stream().limit(FEED).map(r -> {
      FraudAlert a = r.alert();
      Boolean injected = generator.isPresent()
          ? injectedKeys.contains(a.rule() + "/" + a.cardId()) : null;
      return new FeedAlert(a.rule(), a.cardId(), a.amount(), a.currency(), a.evidence(),
          a.eventTime(), r.received(), injected);
    }).toList();
    return new Dashboard(series.after(after), alerts, generator.map(this::detection)
        .orElse(null));
  }

  private Detection detection(TrafficGenerator g) {
    List<FraudAlert> read = alertLog.alerts();
    DetectionReport report = g.groundTruth().compare(read);
    Set<InjectedFraud> missed = new HashSet<>(report.missed());
    List<InjectedFraud> injected = g.groundTruth().injected();
    List<Injected> latest = new ArrayList<>();
    for (InjectedFraud f : injected.subList(Math.max(0, injected.size() - INJECTED),
        injected.size())) {
      latest.add(new Injected(f.rule(), f.cardId(), f.eventTime(), !missed.contains(f)));
    }
    Collections.reverse(latest);
    int matching = read.size() - report.unexpected().size();
    return new Detection(report.injected(), report.detected(), report.missed().size(),
        report.duplicates().size(), report.unexpected().size(),
        report.injected() == 0 ? 1 : (double) report.detected() / report.injected(),
        read.isEmpty() ? 1 : (double) matching / read.size(), latest);
  }
}
