package dev.rivulet.spring.console;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The console's page and its chart data, under {@code rivulet.console.path}. Runtime state,
 * tasks and the write operations come from the {@code rivulet} Actuator endpoint itself (the page
 * calls it), so Actuator's exposure and access rules and the application's security for it apply
 * unchanged; key lookups go to the routed state query API when it is on, else to the endpoint.
 */
@RestController
@RequestMapping("${rivulet.console.path:/rivulet-console}")
final class ConsoleController {
  static final String STATIC = "dev/rivulet/spring/console/static/";

  private final ConsoleSettingsFactory settings;
  private final MeterSampler sampler;
  private final String lastSegment;

  ConsoleController(ConsoleSettingsFactory settings, MeterSampler sampler, String path) {
    this.settings = settings;
    this.sampler = sampler;
    this.lastSegment = path.substring(path.lastIndexOf('/') + 1);
  }

  /** The page's relative links need the trailing slash: {@code /x/console} to {@code console/}. */
  @GetMapping("")
  ResponseEntity<Void> redirect() {
    return ResponseEntity.status(302).location(URI.create(lastSegment + "/")).build();
  }

  @GetMapping("/")
  ResponseEntity<Resource> page() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noCache()).body(new ClassPathResource(STATIC + "index.html"));
  }

  @GetMapping("/settings")
  ConsoleSettings settings(WebRequest request) {
    return settings.settings(request.getContextPath());
  }

  /**
   * Chart samples taken after {@code after} (epoch millis; all kept samples without it) and the
   * dead letters per processor.
   */
  @GetMapping("/samples")
  ConsoleSamples samples(@RequestParam(defaultValue = "-1") long after) {
    return new ConsoleSamples(sampler.samplesAfter(after), sampler.deadLetters());
  }

  /**
   * What {@code GET <console>/samples} returns.
   *
   * @param samples the chart samples, oldest first
   * @param deadLetters records dead-lettered per processor since the console started
   */
  record ConsoleSamples(List<MeterSample> samples, Map<String, Long> deadLetters) {}
}
