package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceAlert.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** The incidents a generator injected, in order. Thread-safe. */
public final class IncidentLog {
  private static final Duration BEFORE = Duration.ofMinutes(1);
  private static final Duration AFTER = Duration.ofMinutes(15);

  private final List<Incident> incidents = new CopyOnWriteArrayList<>();

  void add(Incident incident) {
    incidents.add(incident);
  }

  /** The incidents so far. */
  public List<Incident> incidents() {
    return List.copyOf(incidents);
  }

  /** Compares alerts (as read from the alerts topic, duplicates included) with the incidents. */
  public IncidentReport compare(Collection<ServiceAlert> alerts) {
    Map<Incident, List<ServiceAlert>> byIncident = new HashMap<>();
    List<ServiceAlert> unexpected = new ArrayList<>();
    for (ServiceAlert alert : alerts) {
      Incident incident = incidentOf(alert);
      if (incident == null) {
        unexpected.add(alert);
      } else {
        byIncident.computeIfAbsent(incident, i -> new ArrayList<>()).add(alert);
      }
    }
    List<Incident> handled = new ArrayList<>();
    List<Incident> open = new ArrayList<>();
    List<Incident> missed = new ArrayList<>();
    List<ServiceAlert> duplicates = new ArrayList<>();
    for (Incident incident : incidents) {
      List<ServiceAlert> found = byIncident.getOrDefault(incident, List.of());
      List<ServiceAlert> firing = found.stream().filter(a -> a.state() == State.FIRING).toList();
      List<ServiceAlert> resolved =
          found.stream().filter(a -> a.state() == State.RESOLVED).toList();
      if (firing.size() > 1) {
        duplicates.addAll(firing.subList(1, firing.size()));
      }
      if (resolved.size() > 1) {
        duplicates.addAll(resolved.subList(1, resolved.size()));
      }
      if (firing.isEmpty()) {
        missed.add(incident);
      } else if (resolved.isEmpty()) {
        open.add(incident);
      } else {
        handled.add(incident);
      }
    }
    return new IncidentReport(incidents.size(), handled, open, missed, duplicates, unexpected);
  }

  private @Nullable Incident incidentOf(ServiceAlert alert) {
    for (Incident incident : incidents) {
      Instant t = alert.eventTime();
      if (incident.kind() == alert.kind() && incident.service().equals(alert.service())
          && !t.isBefore(incident.start().minus(BEFORE))
          && t.isBefore(incident.end().plus(AFTER))) {
        return incident;
      }
    }
    return null;
  }
}
