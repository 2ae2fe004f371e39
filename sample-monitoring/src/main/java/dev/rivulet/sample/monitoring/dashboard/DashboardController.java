package dev.rivulet.sample.monitoring.dashboard;

import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard}: what the sample's page ({@code /}) shows: for each service its latest
 * windows (latency percentiles, error rate, baselines) with the windows that fired an alert
 * marked, whether it is silent now; the alerts firing now and the latest alerts.
 */
@RestController
class DashboardController {
  private final ServiceBoard board;

  DashboardController(ServiceBoard board) {
    this.board = board;
  }

  /**
   * The page's data.
   *
   * @param services every service seen, by name
   * @param firing alerts firing now
   * @param latest the latest alerts read, newest first
   */
  record Dashboard(Map<String, ServiceView> services, List<ServiceAlert> firing,
      List<ServiceBoard.Received> latest) {}

  /**
   * A service.
   *
   * @param windows its latest windows, oldest first
   * @param anomalies alerts fired for those windows (the window start is the alert's event
   *     time), oldest first
   * @param firing kinds of its alerts firing now
   * @param silent whether it stopped reporting (a SILENCE alert is firing)
   * @param lastWindowEnd end of its latest window, or {@code null}
   */
  record ServiceView(List<ServiceStats> windows, List<ServiceAlert> anomalies,
      Set<ServiceAlert.Kind> firing, boolean silent, @Nullable Instant lastWindowEnd) {}

  @GetMapping("/dashboard")
  Dashboard dashboard() {
    List<ServiceAlert> firing = board.firing();
    Map<String, List<ServiceStats>> windows = board.windows();
    Set<String> services = new TreeSet<>(windows.keySet());
    firing.forEach(a -> services.add(a.service()));
    Map<String, ServiceView> views = new TreeMap<>();
    for (String service : services) {
      List<ServiceStats> w = windows.getOrDefault(service, List.of());
      Instant from = w.isEmpty() ? Instant.EPOCH : w.get(0).start();
      List<ServiceAlert> anomalies = new ArrayList<>();
      for (ServiceAlert a : board.firedSince(service, from)) {
        if (a.kind() != ServiceAlert.Kind.SILENCE) {
          anomalies.add(a);
        }
      }
      Set<ServiceAlert.Kind> kinds = new TreeSet<>();
      firing.stream().filter(a -> a.service().equals(service)).forEach(a -> kinds.add(a.kind()));
      views.put(service, new ServiceView(w, anomalies, kinds,
          kinds.contains(ServiceAlert.Kind.SILENCE), w.isEmpty() ? null : w.get(w.size() - 1).end()));
    }
    return new Dashboard(views, firing, board.latest());
  }
}
