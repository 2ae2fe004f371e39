package dev.rivulet.sample.monitoring.web;

import dev.rivulet.api.Rivulet;
import dev.rivulet.sample.monitoring.heartbeat.Heartbeat;
import dev.rivulet.sample.monitoring.heartbeat.HeartbeatProcessor;
import dev.rivulet.sample.monitoring.stats.ServiceBaseline;
import dev.rivulet.sample.monitoring.stats.ServiceStatsProcessor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /services/{service}}: the service's committed baseline (from {@code service-stats})
 * and heartbeat (from {@code service-heartbeat}) on this instance; 404 if neither is here.
 */
@RestController
class ServiceController {
  private final Rivulet rivulet;

  ServiceController(Rivulet rivulet) {
    this.rivulet = rivulet;
  }

  /**
   * A service's state.
   *
   * @param service the service
   * @param baseline its latency and error-rate baselines and alert states, if known here
   * @param heartbeat its last sample and silence state, if known here
   */
  record ServiceView(String service, @Nullable ServiceBaseline baseline,
      @Nullable Heartbeat heartbeat) {}

  @GetMapping("/services/{service}")
  ResponseEntity<ServiceView> service(@PathVariable String service) {
    ServiceBaseline baseline = rivulet.<String, ServiceBaseline>query(ServiceStatsProcessor.ID,
        ServiceStatsProcessor.BASELINE, service).orElse(null);
    Heartbeat heartbeat = rivulet.<String, Heartbeat>query("service-heartbeat",
        HeartbeatProcessor.HEARTBEAT, service).orElse(null);
    return baseline == null && heartbeat == null ? ResponseEntity.notFound().build()
        : ResponseEntity.ok(new ServiceView(service, baseline, heartbeat));
  }
}
