package dev.rivulet.sample.fraud;

import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test support: waits until a runtime has processed and committed everything up to a time. */
public final class Settling {
  private Settling() {}

  /**
   * Waits until every task of the runtime runs with its watermark at or past {@code eventTime},
   * then until each has committed once more: from then on, every output of records and timers
   * before {@code eventTime} is committed and readable.
   */
  public static void settle(Rivulet rivulet, int expectedTasks, Instant eventTime,
      Duration atMost) {
    long horizon = eventTime.toEpochMilli();
    await().atMost(atMost).until(() -> {
      List<TaskInfo> tasks = rivulet.tasks();
      return tasks.size() == expectedTasks && tasks.stream()
          .allMatch(t -> t.state() == TaskState.RUNNING && t.watermark() >= horizon);
    });
    long reached = System.currentTimeMillis();
    await().atMost(Duration.ofSeconds(10)).until(() -> rivulet.tasks().stream()
        .allMatch(t -> t.lastCommitMillis() > reached));
  }
}
