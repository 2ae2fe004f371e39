package dev.rivulet.sample.monitoring.web;

import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.sample.monitoring.heartbeat.Heartbeat;
import dev.rivulet.sample.monitoring.heartbeat.HeartbeatProcessor;
import dev.rivulet.sample.monitoring.stats.ServiceBaseline;
import dev.rivulet.sample.monitoring.stats.ServiceStatsProcessor;
import dev.rivulet.spring.query.QueryForwarder;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /services/{service}}: the service's committed baseline (from {@code service-stats})
 * and heartbeat (from {@code service-heartbeat}), from any instance. Both processors read the
 * metrics topic, so a service's partition of either lives on the same instance: its owner
 * answers, any other instance forwards the request there once ({@link QueryForwarder}). 404 with
 * an RFC 9457 problem if the owner knows neither yet; 503 (retryable) if there is no owner to
 * forward to (a rebalance is in progress, or the owner is unreachable).
 */
@RestController
class ServiceController {
  private final Rivulet rivulet;
  private final QueryForwarder forwarder;

  ServiceController(Rivulet rivulet, QueryForwarder forwarder) {
    this.rivulet = rivulet;
    this.forwarder = forwarder;
  }

  /**
   * A service's state.
   *
   * @param service the service
   * @param servedBy the advertised URL of the instance that read it (null without one)
   * @param baseline its latency and error-rate baselines and alert states, if known
   * @param heartbeat its last sample and silence state, if known
   */
  record ServiceView(String service, @Nullable String servedBy,
      @Nullable ServiceBaseline baseline, @Nullable Heartbeat heartbeat) {}

  @GetMapping("/services/{service}")
  ResponseEntity<?> service(@PathVariable String service, @RequestHeader HttpHeaders headers) {
    KeyLocation where = rivulet.locate(ServiceStatsProcessor.ID, service);
    if (!where.local()) {
      return forwarder.forward(where, UriComponentsBuilder.fromPath("/services/{service}")
          .encode().buildAndExpand(service).toUriString(), headers);
    }
    ServiceBaseline baseline = rivulet.<String, ServiceBaseline>query(ServiceStatsProcessor.ID,
        ServiceStatsProcessor.BASELINE, service).orElse(null);
    Heartbeat heartbeat = rivulet.<String, Heartbeat>query("service-heartbeat",
        HeartbeatProcessor.HEARTBEAT, service).orElse(null);
    if (baseline != null || heartbeat != null) {
      return ResponseEntity.ok(new ServiceView(service, rivulet.advertisedUrl().orElse(null),
          baseline, heartbeat));
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "No baseline or heartbeat for service " + service + " yet (partition "
            + where.partition() + ", owned here)");
    problem.setProperty("partition", where.partition());
    problem.setProperty("ownedHere", true);
    return ResponseEntity.of(problem).build();
  }
}
