package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebalance that starts while an instance is restoring completes without waiting for the
 * restore (the worker keeps polling its group consumer, without blocking, between restore
 * batches): a second instance joins, takes half the tasks, the first gives them up mid-restore
 * and finishes the rest; nothing is lost or duplicated.
 */
class RestoreRebalanceIT {
  @TempDir Path seed;
  @TempDir Path stateA;
  @TempDir Path stateB;

  @Test
  void aRebalanceCompletesWhileTasksRestore() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("restore-rebalance");
    TestBroker.createTopics(4, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(4);
    TestBroker.produce(in, check.generate(8_000, 4_000, 21));
    // small producer batches: the changelog can then be fetched in small pieces
    try (Rivulet first = RuntimeHarness.builder(app, seed, definition(in, out))
        .kafkaProperty("batch.size", 512).kafkaProperty("linger.ms", 0).build()) {
      first.start();
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(120));
    }

    AtomicBoolean slow = new AtomicBoolean(true);
    RivuletListener slowRestore = new RivuletListener() {
      @Override
      public void onRestoreProgress(String processorId, int partition, String store,
          long restored, long remaining) {
        if (slow.get()) {
          sleep(200);
        }
      }
    };
    Rivulet a = RuntimeHarness.builder(app, stateA, definition(in, out)).listener(slowRestore)
        .kafkaProperty("max.partition.fetch.bytes", 1024).build();
    Rivulet b = RuntimeHarness.builder(app, stateB, definition(in, out)).build();
    try {
      a.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 4
          && a.tasks().stream().allMatch(t -> t.state() == TaskState.RESTORING));
      b.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 2
          && b.tasks().size() == 2);
      assertThat(a.tasks()).as("the first instance gave up tasks while still restoring")
          .anyMatch(t -> t.state() == TaskState.RESTORING);
      slow.set(false);
      await().atMost(Duration.ofSeconds(60)).until(() -> a.allTasksRunning()
          && b.allTasksRunning() && a.tasks().size() == 2 && b.tasks().size() == 2);
      List<Integer> partitions = new ArrayList<>();
      a.tasks().forEach(t -> partitions.add(t.partition()));
      b.tasks().forEach(t -> partitions.add(t.partition()));
      assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2, 3);
      assertThat(b.tasks()).extracting(TaskInfo::restoredRecords).allMatch(n -> n > 0);

      TestBroker.produce(in, check.generate(2_000, 4_000, 22));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      check.expectedCounts().forEach((key, count) -> {
        Rivulet owner = a.query("checker", CheckingProcessor.COUNT, key).isPresent() ? a : b;
        assertThat(owner.query("checker", CheckingProcessor.COUNT, key)).contains(count);
      });
    } finally {
      a.close();
      b.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  private static dev.rivulet.api.ProcessorDefinition<?, ?, ?> definition(String in, String out) {
    return CheckingProcessor.definition("checker", in, out, new CheckingProcessor());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
