package dev.rivulet.sample.fraud.dashboard;

import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.sample.fraud.model.Rule;
import dev.rivulet.sample.fraud.rules.VelocityProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The page's time series, one point a second for the last {@value #KEPT} seconds: payments
 * processed per second (the {@code card-velocity} processor's input counters, which read only
 * payments) and alerts read so far per rule. Thread-safe.
 */
@Component
class DashboardSeries {
  static final int KEPT = 300;

  private final MeterRegistry registry;
  private final AlertFeed feed;
  private final ArrayDeque<Point> points = new ArrayDeque<>(KEPT);
  private Map<Counter, Double> previous = new IdentityHashMap<>();
  private long previousMillis = -1;

  DashboardSeries(MeterRegistry registry, AlertFeed feed) {
    this.registry = registry;
    this.feed = feed;
  }

  /**
   * One point.
   *
   * @param time epoch millis
   * @param paymentsPerSecond payments processed per second since the previous point
   * @param alertsByRule alerts read so far, per rule
   */
  record Point(long time, double paymentsPerSecond, Map<Rule, Long> alertsByRule) {}

  @Scheduled(fixedRate = 1000)
  synchronized void sample() {
    long now = System.currentTimeMillis();
    Map<Counter, Double> current = new IdentityHashMap<>();
    double payments = 0;
    for (Counter c : registry.find(RivuletMetricNames.RECORDS_IN)
        .tag("processor", VelocityProcessor.ID).counters()) {
      current.put(c, c.count()); // a task's counter is new after a reassignment: from zero
      payments += c.count() - previous.getOrDefault(c, 0.0);
    }
    boolean first = previousMillis < 0;
    double seconds = (now - previousMillis) / 1000.0;
    previous = current;
    previousMillis = now;
    if (first || seconds <= 0) {
      return;
    }
    if (points.size() == KEPT) {
      points.removeFirst();
    }
    points.addLast(new Point(now, payments / seconds, feed.countsByRule()));
  }

  /** The points after {@code time} (epoch millis), oldest first. */
  synchronized List<Point> after(long time) {
    return points.stream().filter(p -> p.time() > time).toList();
  }
}
