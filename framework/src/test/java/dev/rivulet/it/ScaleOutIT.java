package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runtimes with one application id split the partitions (cooperatively); stopping one moves
 * its tasks and their state to the other, with nothing lost or duplicated.
 */
class ScaleOutIT {
  @TempDir Path stateA;
  @TempDir Path stateB;

  @Test
  void twoInstancesSplitPartitionsAndHandOverOnStop() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("scale");
    TestBroker.createTopics(4, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(4);
    TestBroker.produce(in, check.generate(1_000, 80, 11));

    Rivulet a = RuntimeHarness.builder(app, stateA,
        CheckingProcessor.definition("checker", in, out, new CheckingProcessor())).build();
    Rivulet b = RuntimeHarness.builder(app, stateB,
        CheckingProcessor.definition("checker", in, out, new CheckingProcessor())).build();
    try {
      a.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 4 && a.allTasksRunning());
      b.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 2
          && b.tasks().size() == 2 && a.allTasksRunning() && b.allTasksRunning());
      List<Integer> partitions = new ArrayList<>();
      a.tasks().forEach(t -> partitions.add(t.partition()));
      b.tasks().forEach(t -> partitions.add(t.partition()));
      assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2, 3);

      TestBroker.produce(in, check.generate(1_000, 80, 12));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));

      a.close(); // its tasks move to b, which restores their state from the changelog
      await().atMost(Duration.ofSeconds(60)).until(() -> b.tasks().size() == 4 && b.allTasksRunning());
      assertThat(b.tasks()).extracting(TaskInfo::restoredRecords).anyMatch(n -> n > 0);
      TestBroker.produce(in, check.generate(1_000, 80, 13));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      check.expectedCounts().forEach((key, count) ->
          assertThat(b.query("checker", CheckingProcessor.COUNT, key)).contains(count));
    } finally {
      a.close();
      b.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }
}
