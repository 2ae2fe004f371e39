package dev.rivulet.sample.monitoring.generator;

import dev.rivulet.sample.monitoring.model.ServiceAlert;
import java.util.List;

/**
 * Alerts compared with the injected incidents. An alert belongs to an incident of its kind and
 * service if its event time lies between a window before the incident's start and 15 minutes
 * after its end; an incident is handled when it has exactly one firing and one resolved alert.
 *
 * @param incidents incidents injected so far
 * @param handled incidents with exactly one firing and one resolved alert
 * @param open incidents with one firing alert and no resolved one (yet)
 * @param missed incidents without a firing alert (yet)
 * @param duplicates alerts beyond the one firing and one resolved per incident
 * @param unexpected alerts belonging to no incident
 */
public record IncidentReport(int incidents, List<Incident> handled, List<Incident> open,
    List<Incident> missed, List<ServiceAlert> duplicates, List<ServiceAlert> unexpected) {

  public IncidentReport {
    handled = List.copyOf(handled);
    open = List.copyOf(open);
    missed = List.copyOf(missed);
    duplicates = List.copyOf(duplicates);
    unexpected = List.copyOf(unexpected);
  }

  /** Every incident fired once and resolved once, and nothing else was raised. */
  public boolean exact() {
    return handled.size() == incidents && duplicates.isEmpty() && unexpected.isEmpty();
  }
}
