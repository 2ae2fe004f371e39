package dev.rivulet.spring.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the operations console, bound to {@code rivulet.console.*}. The console is
 * served only when enabled here and when the {@code rivulet} Actuator endpoint is available over
 * HTTP on the application's port.
 */
@ConfigurationProperties("rivulet.console")
public class RivuletConsoleProperties implements Validator {
  /** Most samples kept: a bound on the console's memory whatever the settings. */
  static final int MAX_SAMPLES = 3_600;

  /**
   * Whether to serve the operations console. It needs Spring MVC and the rivulet endpoint
   * exposed over HTTP (management.endpoints.web.exposure.include) on the application's port.
   */
  private boolean enabled;

  /** Path of the console page, relative to the servlet context path. */
  private String path = "/rivulet-console";

  /** How often the console samples the application's meters for its charts. */
  private Duration sampleInterval = Duration.ofSeconds(1);

  /** How far back the charts go; the samples are kept in memory on the server. */
  private Duration history = Duration.ofMinutes(5);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Duration getSampleInterval() {
    return sampleInterval;
  }

  public void setSampleInterval(Duration sampleInterval) {
    this.sampleInterval = sampleInterval;
  }

  public Duration getHistory() {
    return history;
  }

  public void setHistory(Duration history) {
    this.history = history;
  }

  /** Samples the charts keep: {@code history / sampleInterval}. */
  int capacity() {
    return (int) Math.max(1, history.toMillis() / sampleInterval.toMillis());
  }

  @Override
  public boolean supports(Class<?> type) {
    return RivuletConsoleProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    RivuletConsoleProperties p = (RivuletConsoleProperties) target;
    if (!p.getPath().matches("(/[A-Za-z0-9._~-]+)+")) {
      errors.rejectValue("path", "pattern", "must start with '/' and name a path that is not "
          + "the root, for example /rivulet-console");
    }
    if (p.getSampleInterval().toMillis() < 100) {
      errors.rejectValue("sampleInterval", "min", "must be at least 100ms, for example 1s");
    } else if (p.getHistory().compareTo(p.getSampleInterval()) < 0) {
      errors.rejectValue("history", "min", "must be at least the sample interval, for "
          + "example 5m");
    } else if (p.capacity() > MAX_SAMPLES) {
      errors.rejectValue("history", "max", "keeps at most " + MAX_SAMPLES + " samples: make "
          + "it at most " + MAX_SAMPLES + " sample intervals ("
          + p.getSampleInterval().multipliedBy(MAX_SAMPLES) + ")");
    }
  }
}
