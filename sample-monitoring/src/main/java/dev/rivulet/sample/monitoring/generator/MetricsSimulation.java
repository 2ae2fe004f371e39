package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The generator's deterministic core: requests of six services in event time. The same settings
 * and origin give the same samples, whatever the wall clock does.
 *
 * <p><b>Normal traffic</b>: each service has its own latency level (median 30-150 ms) and
 * endpoints; latencies are log-normal (p95 about 1.8 times the median), 1% of requests fail, and
 * samples are evenly spread (0.5 to 1.5 times the mean gap), so a healthy service never pauses.
 *
 * <p><b>Incidents</b> (after {@code warmup}, one every {@code incidentInterval}, cycling through
 * latency spike, error burst and silence, each on the next service): latencies six times higher,
 * 40% of requests failing, or no samples at all, for {@code incidentDuration} (silences:
 * {@code silenceDuration}). They are reported to the incident consumer when they start.
 *
 * <p>Not thread-safe: one generator thread drives it.
 */
final class MetricsSimulation {
  static final List<String> SERVICES =
      List.of("checkout", "payments", "search", "catalog", "auth", "shipping");
  private static final List<List<String>> ENDPOINTS = List.of(
      List.of("POST /orders", "GET /cart"), List.of("POST /charges", "GET /refunds"),
      List.of("GET /search", "GET /suggest"), List.of("GET /products", "GET /products/{id}"),
      List.of("POST /login", "POST /token"), List.of("GET /quotes", "POST /labels"));
  private static final double SIGMA = 0.35;

  /** A service's next sample, ordered by time (ties by service index). */
  private record Next(long time, int service) {}

  private final GeneratorSettings settings;
  private final Consumer<Incident> incidents;
  private final SplittableRandom random;
  private final double[] medians = new double[SERVICES.size()];
  private final double[][] endpointFactors = new double[SERVICES.size()][];
  private final PriorityQueue<Next> queue =
      new PriorityQueue<>(Comparator.comparingLong(Next::time).thenComparingInt(Next::service));
  private final long meanGap;
  private final List<Incident> active = new ArrayList<>();
  private long nextIncident;
  private int incidentCount;
  private boolean incidentAsked;

  MetricsSimulation(GeneratorSettings settings, long origin, Consumer<Incident> incidents) {
    this.settings = settings;
    this.incidents = incidents;
    this.random = new SplittableRandom(settings.seed());
    this.meanGap = 60_000L / settings.samplesPerMinute();
    for (int s = 0; s < SERVICES.size(); s++) {
      medians[s] = 30 + random.nextDouble(120);
      endpointFactors[s] = new double[] {0.7 + random.nextDouble(0.3), 1 + random.nextDouble(0.5)};
      queue.add(new Next(origin + random.nextLong(meanGap), s));
    }
    nextIncident = settings.maxIncidents() == 0 ? Long.MAX_VALUE
        : origin + settings.warmup().toMillis();
  }

  /** Generates every sample up to {@code time}, in event-time order (before delays). */
  List<MetricSample> advanceTo(long time) {
    List<MetricSample> out = new ArrayList<>();
    while (queue.peek().time() <= time) {
      Next next = queue.poll();
      startIncidents(next.time());
      int s = next.service();
      Incident incident = activeOn(SERVICES.get(s), next.time());
      if (incident == null || incident.kind() != Kind.SILENCE) {
        out.add(sample(s, next.time(), incident));
      }
      long gap = meanGap / 2 + random.nextLong(meanGap);
      queue.add(new Next(next.time() + gap, s));
    }
    startIncidents(time);
    return out;
  }

  private MetricSample sample(int s, long time, @Nullable Incident incident) {
    List<String> endpoints = ENDPOINTS.get(s);
    int e = random.nextInt(endpoints.size());
    double latency = medians[s] * endpointFactors[s][e] * Math.exp(SIGMA * random.nextGaussian());
    double errorRate = 0.01;
    if (incident != null && incident.kind() == Kind.LATENCY_SPIKE) {
      latency *= 6;
    } else if (incident != null && incident.kind() == Kind.ERROR_BURST) {
      errorRate = 0.4;
    }
    int status = random.nextDouble() < errorRate ? 503 : 200;
    long delay = random.nextLong(settings.maxDelay().toMillis() + 1);
    return new MetricSample(SERVICES.get(s), endpoints.get(e), Math.max(1, Math.round(latency)),
        status, Instant.ofEpochMilli(time - delay));
  }

  /**
   * Starts an incident (the next kind and service in the cycle) at the next sample's event time,
   * on top of the schedule, which goes on as before.
   */
  void incidentNow() {
    incidentAsked = true;
  }

  private void startIncidents(long time) {
    if (incidentAsked) {
      incidentAsked = false;
      start(time);
    }
    while (nextIncident <= time) {
      start(nextIncident);
      boolean more = settings.maxIncidents() < 0 || incidentCount < settings.maxIncidents();
      nextIncident = more ? nextIncident + settings.incidentInterval().toMillis() : Long.MAX_VALUE;
    }
  }

  private void start(long at) {
    Kind kind = Kind.values()[incidentCount % Kind.values().length];
    String service = SERVICES.get(incidentCount % SERVICES.size());
    long duration = kind == Kind.SILENCE ? settings.silenceDuration().toMillis()
        : settings.incidentDuration().toMillis();
    Incident incident = new Incident(kind, service, Instant.ofEpochMilli(at),
        Instant.ofEpochMilli(at + duration));
    active.add(incident);
    incidents.accept(incident);
    incidentCount++;
  }

  private @Nullable Incident activeOn(String service, long time) {
    active.removeIf(i -> i.end().toEpochMilli() <= time);
    for (Incident incident : active) {
      if (incident.service().equals(service) && incident.start().toEpochMilli() <= time) {
        return incident;
      }
    }
    return null;
  }
}
