package dev.rivulet.spring.actuate;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.spring.autoconfigure.FatalErrorRecorder;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the runtime: {@code UP} while {@code RUNNING} or {@code REBALANCING} (readiness, not
 * health, tells whether restores are done), {@code DOWN} in {@code ERROR} with the fatal error,
 * {@code UNKNOWN} before it started and {@code OUT_OF_SERVICE} once it stops. Details: state,
 * owned tasks and tasks still restoring. Thread-safe.
 */
public class RivuletHealthIndicator extends AbstractHealthIndicator {

  private final Rivulet rivulet;
  private final @Nullable FatalErrorRecorder errors;

  /**
   * Creates the indicator.
   *
   * @param rivulet the runtime
   * @param errors where the runtime's fatal error is recorded, or {@code null}
   */
  public RivuletHealthIndicator(Rivulet rivulet, @Nullable FatalErrorRecorder errors) {
    super("Rivulet health check failed");
    this.rivulet = rivulet;
    this.errors = errors;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    RuntimeState state = rivulet.state();
    switch (state) {
      case RUNNING, REBALANCING -> builder.up();
      case ERROR -> {
        builder.down();
        Optional<Throwable> error = errors == null ? Optional.empty() : errors.fatalError();
        error.ifPresent(builder::withException);
      }
      case CREATED, STARTING -> builder.unknown();
      default -> builder.outOfService();
    }
    List<TaskInfo> tasks = rivulet.tasks();
    builder.withDetail("applicationId", rivulet.applicationId())
        .withDetail("state", state)
        .withDetail("tasks", tasks.size())
        .withDetail("restoringTasks", tasks.stream()
            .filter(t -> t.state() == TaskState.RESTORING || t.state() == TaskState.CREATED)
            .count());
  }
}
