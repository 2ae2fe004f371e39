package dev.rivulet.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.RivuletException;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.spring.autoconfigure.FatalErrorRecorder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class RivuletHealthIndicatorTests {

  private final FakeRivulet rivulet = new FakeRivulet();
  private final FatalErrorRecorder errors = new FatalErrorRecorder();
  private final RivuletHealthIndicator indicator = new RivuletHealthIndicator(rivulet, errors);

  @Test
  void upWhileRunningOrRebalancing() {
    rivulet.tasks = List.of(
        new TaskInfo("p", 0, "w", TaskState.RUNNING, 0, 0, 0, 0, 0),
        new TaskInfo("p", 1, "w", TaskState.RESTORING, 0, 5, 0, 0, 0));
    rivulet.state = RuntimeState.REBALANCING;
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("state", RuntimeState.REBALANCING)
        .containsEntry("tasks", 2).containsEntry("restoringTasks", 1L);
    rivulet.state = RuntimeState.RUNNING;
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void downWithTheFatalErrorInError() {
    rivulet.state = RuntimeState.ERROR;
    errors.onFatalError(new RivuletException("record payments-0@42 failed: boom"));
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("error").toString())
        .contains("record payments-0@42 failed: boom");
  }

  @Test
  void unknownBeforeStartAndOutOfServiceAfterStop() {
    rivulet.state = RuntimeState.STARTING;
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
    rivulet.state = RuntimeState.STOPPED;
    assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
  }
}
