package dev.rivulet.sample.monitoring.web;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.sample.monitoring.heartbeat.Heartbeat;
import dev.rivulet.sample.monitoring.heartbeat.HeartbeatProcessor;
import dev.rivulet.sample.monitoring.stats.ServiceBaseline;
import dev.rivulet.sample.monitoring.stats.ServiceStatsProcessor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /services/{service}}: the service's committed baseline (from {@code service-stats})
 * and heartbeat (from {@code service-heartbeat}) on this instance; 404 with an RFC 9457 problem
 * if neither is here, saying whether the service's partition is owned here or elsewhere.
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
  ResponseEntity<?> service(@PathVariable String service) {
    ServiceBaseline baseline = rivulet.<String, ServiceBaseline>query(ServiceStatsProcessor.ID,
        ServiceStatsProcessor.BASELINE, service).orElse(null);
    Heartbeat heartbeat = rivulet.<String, Heartbeat>query("service-heartbeat",
        HeartbeatProcessor.HEARTBEAT, service).orElse(null);
    if (baseline != null || heartbeat != null) {
      return ResponseEntity.ok(new ServiceView(service, baseline, heartbeat));
    }
    int partition = rivulet.partitionFor(ServiceStatsProcessor.ID, service);
    boolean ownedHere = rivulet.tasks().stream().anyMatch(t ->
        t.processorId().equals(ServiceStatsProcessor.ID) && t.partition() == partition);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ownedHere
        ? "No baseline or heartbeat for service " + service + " yet (partition " + partition
            + ", owned here)"
        : "Service " + service + " lives in partition " + partition + ", which another "
            + "instance owns: ask that instance");
    problem.setProperty("partition", partition);
    problem.setProperty("ownedHere", ownedHere);
    return ResponseEntity.of(problem).build();
  }
}
