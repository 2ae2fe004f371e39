package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pausing a processor: its tasks show PAUSED and their lag grows with the input that piles up
 * (read from the broker: the consumer fetches nothing for paused partitions); a processor that
 * reads the same input topic cannot go on either and shows PAUSED too, not RUNNING with lag 0;
 * resuming both catches up.
 */
class PauseIT {
  @TempDir Path state;

  @Test
  void pausedAndBlockedTasksShowItAndTheirLagGrows() throws Exception {
    String in = TestBroker.unique("in");
    String outA = TestBroker.unique("out-a");
    String outB = TestBroker.unique("out-b");
    TestBroker.createTopics(2, in, outA, outB);
    ExactlyOnceCheck check = new ExactlyOnceCheck(2);
    TestBroker.produce(in, check.generate(200, 20, 1));
    try (Rivulet rivulet = RuntimeHarness.builder(TestBroker.unique("pause"), state,
            CheckingProcessor.definition("a", in, outA, new CheckingProcessor()))
        .processor(CheckingProcessor.definition("b", in, outB, new CheckingProcessor()))
        .build()) {
      rivulet.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> rivulet.tasks().size() == 4
          && rivulet.allTasksRunning());
      RuntimeHarness.awaitOutputs(outA, 200, Duration.ofSeconds(60));

      rivulet.pause("a");
      await().atMost(Duration.ofSeconds(30)).until(() -> rivulet.tasks().stream()
          .allMatch(t -> t.state() == TaskState.PAUSED));
      TestBroker.produce(in, check.generate(300, 20, 2));
      await().atMost(Duration.ofSeconds(30)).until(() -> totalLag(rivulet, "a") == 300
          && totalLag(rivulet, "b") == 300);

      rivulet.resume("a");
      await().atMost(Duration.ofSeconds(60)).until(() -> rivulet.allTasksRunning()
          && totalLag(rivulet, "a") == 0 && totalLag(rivulet, "b") == 0);
      RuntimeHarness.awaitOutputs(outA, 500, Duration.ofSeconds(60));
      RuntimeHarness.awaitOutputs(outB, 500, Duration.ofSeconds(60));
    }
  }

  private static long totalLag(Rivulet rivulet, String processor) {
    return rivulet.tasks().stream().filter(t -> t.processorId().equals(processor))
        .mapToLong(TaskInfo::lag).sum();
  }
}
