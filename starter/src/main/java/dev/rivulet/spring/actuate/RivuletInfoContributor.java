package dev.rivulet.spring.actuate;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code rivulet} to {@code /actuator/info}: the application id and, per processor, its
 * inputs and default output. Thread-safe.
 */
public class RivuletInfoContributor implements InfoContributor {

  private final Rivulet rivulet;

  /**
   * Creates the contributor.
   *
   * @param rivulet the runtime
   */
  public RivuletInfoContributor(Rivulet rivulet) {
    this.rivulet = rivulet;
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> processors = new LinkedHashMap<>();
    for (ProcessorDefinition<?, ?, ?> d : rivulet.processors()) {
      Map<String, Object> processor = new LinkedHashMap<>();
      processor.put("inputs", d.inputTopics());
      if (d.output() != null) {
        processor.put("output", d.output());
      }
      processors.put(d.id(), processor);
    }
    builder.withDetail("rivulet",
        Map.of("applicationId", rivulet.applicationId(), "processors", processors));
  }
}
