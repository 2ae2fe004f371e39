package dev.rivulet.sample.fraud.web;

import dev.rivulet.sample.fraud.alerts.AlertLog;
import dev.rivulet.sample.fraud.generator.DetectionReport;
import dev.rivulet.sample.fraud.generator.InjectedFraud;
import dev.rivulet.sample.fraud.generator.TrafficGenerator;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /generator}: what the traffic generator sent and injected, and how the alerts read
 * so far compare with it; {@code POST /generator/inject} injects a fraud on demand. Present only
 * while the generator runs.
 */
@RestController
@ConditionalOnProperty(name = "fraud.generator.enabled", havingValue = "true")
class GeneratorController {
  private final TrafficGenerator generator;
  private final AlertLog alerts;

  GeneratorController(TrafficGenerator generator, AlertLog alerts) {
    this.generator = generator;
    this.alerts = alerts;
  }

  /**
   * The generator's state.
   *
   * @param eventTime event time reached
   * @param payments payments sent
   * @param cardEvents card events sent
   * @param injected injected frauds (ground truth)
   * @param detection alerts compared with them
   */
  record GeneratorView(Instant eventTime, long payments, long cardEvents,
      List<InjectedFraud> injected, DetectionReport detection) {}

  /** {@code POST /generator/inject}: injects a fraud now (202; it shows in GET /generator). */
  @PostMapping("/generator/inject")
  ResponseEntity<String> inject() {
    generator.injectNow();
    return ResponseEntity.accepted().body("A fraud is being injected now; GET /generator lists "
        + "it with the rule and card once its payments are out, and whether it was detected");
  }

  @GetMapping("/generator")
  GeneratorView generator() {
    return new GeneratorView(Instant.ofEpochMilli(Math.max(0, generator.eventTime())),
        generator.paymentsSent(), generator.cardEventsSent(),
        generator.groundTruth().injected(), generator.groundTruth().compare(alerts.alerts()));
  }
}
