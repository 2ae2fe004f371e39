package dev.rivulet.sample.monitoring.web;

import dev.rivulet.sample.monitoring.generator.Incident;
import dev.rivulet.sample.monitoring.generator.MetricsGenerator;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /generator/incidents}: the incidents the metrics generator started (ground truth);
 * {@code POST /generator/incident}: start one now, on top of the schedule. Present only while
 * the generator runs.
 */
@RestController
@ConditionalOnProperty(name = "monitoring.generator.enabled", havingValue = "true")
class GeneratorController {
  private final MetricsGenerator generator;

  GeneratorController(MetricsGenerator generator) {
    this.generator = generator;
  }

  @GetMapping("/generator/incidents")
  List<Incident> incidents() {
    return generator.incidents().incidents();
  }

  @PostMapping("/generator/incident")
  ResponseEntity<String> incident() {
    generator.incidentNow();
    return ResponseEntity.accepted().body("An incident starts with the next samples; GET "
        + "/generator/incidents lists it with its kind and service");
  }
}
