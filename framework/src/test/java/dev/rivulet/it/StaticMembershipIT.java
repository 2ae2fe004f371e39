package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.runtime.TaskInfo;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static membership ({@code instanceId}): an instance that is back within the session timeout,
 * after a clean stop or a SIGKILL, takes its partitions back without a rebalance — the other
 * instance's group generation does not move and its tasks stay where they are — and an instance
 * gone for longer than the session timeout does cause a rebalance that moves its tasks. Exactly
 * once holds throughout. Instance A runs in this JVM (its consumer's own rebalance counter is read
 * from its meter registry), instance B in a child JVM so that it can be killed.
 */
class StaticMembershipIT {
  private static final int SESSION_TIMEOUT_MS = 10_000;
  private static final String REBALANCES = "rivulet.kafka.consumer.coordinator.rebalance.total";

  @TempDir Path stateA;
  @TempDir Path stateB;

  private final String in = TestBroker.unique("in");
  private final String out = TestBroker.unique("out");
  private final String app = TestBroker.unique("static");
  private final ExactlyOnceCheck check = new ExactlyOnceCheck(4);
  private final MeterRegistry registryA = new SimpleMeterRegistry();
  private long seed;

  StaticMembershipIT() {
    registryA.config().meterFilter(RivuletMetricNames.kafkaClients());
  }

  @Test
  void restartWithinSessionTimeoutMovesNoTask() throws Exception {
    Rivulet a = startSurvivor();
    ForkedRuntime b = startB();
    try {
      awaitSplit(a, b);
      double rebalances = rebalances();
      Set<Integer> partitionsA = partitions(a);

      b.stop(); // clean stop: a static member does not leave the group
      b = startB();
      processMore();
      assertThat(b.restored(CheckingProcessor.COUNT.name()))
          .as("a clean stop leaves nothing to restore").isZero();

      b.kill(); // SIGKILL mid-stream, back well within the session timeout
      b = startB();
      processMore();

      assertThat(rebalances()).as("A's consumer did not rebalance").isEqualTo(rebalances);
      assertThat(partitions(a)).isEqualTo(partitionsA);
      assertThat(a.tasks()).extracting(TaskInfo::restoredRecords).containsOnly(0L);
      b.stop();
    } finally {
      b.close();
      a.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  @Test
  void goneLongerThanSessionTimeoutRebalances() throws Exception {
    Rivulet a = startSurvivor();
    ForkedRuntime b = startB();
    try {
      awaitSplit(a, b);
      double rebalances = rebalances();
      b.kill();
      long killed = System.nanoTime();
      await().atMost(Duration.ofMillis(SESSION_TIMEOUT_MS + 60_000))
          .until(() -> a.tasks().size() == 4 && a.allTasksRunning());
      long movedAfterMs = (System.nanoTime() - killed) / 1_000_000;
      assertThat(movedAfterMs).as("B's partitions wait for the session timeout")
          .isGreaterThanOrEqualTo(SESSION_TIMEOUT_MS - 2_000);
      assertThat(rebalances()).isGreaterThan(rebalances);
      processMore();
    } finally {
      b.close();
      a.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  private Rivulet startSurvivor() {
    TestBroker.createTopics(4, in, out);
    TestBroker.produce(in, check.generate(1_000, 80, ++seed));
    Rivulet a = RuntimeHarness.builder(app, stateA,
            CheckingProcessor.definition("checker", in, out, new CheckingProcessor()))
        .instanceId("a")
        .kafkaProperty("session.timeout.ms", SESSION_TIMEOUT_MS)
        .meterRegistry(registryA)
        .build();
    a.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 4 && a.allTasksRunning());
    return a;
  }

  private ForkedRuntime startB() {
    return ForkedRuntime.start(
        List.of("-Drivulet.it.instanceId=b", "-Drivulet.it.sessionTimeoutMs=" + SESSION_TIMEOUT_MS),
        TestBroker.bootstrap(), app, stateB.toString(), in, out, "0");
  }

  /**
   * Waits until A and B each run two tasks (B has restored both stores of both of its partitions:
   * a stop before that would leave the rest of the restore to its next start) and every input so
   * far has its output.
   */
  private void awaitSplit(Rivulet a, ForkedRuntime b) throws InterruptedException {
    await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 2 && a.allTasksRunning()
        && b.lines().stream().filter(l -> l.startsWith("RESTORED "))
            .map(l -> l.split(" ")[1] + "/" + l.split(" ")[2]).distinct().count() >= 4);
    RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
  }

  /** More input on every partition, all of it processed (B's partitions by B). */
  private void processMore() throws InterruptedException {
    TestBroker.produce(in, check.generate(1_000, 80, ++seed));
    RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
  }

  private double rebalances() {
    var counters = registryA.find(REBALANCES).tag(RivuletMetricNames.CLIENT_TAG, "consumer").functionCounters();
    assertThat(counters).as(REBALANCES + " of A's main consumer").isNotEmpty();
    return counters.stream().mapToDouble(FunctionCounter::count).sum();
  }

  private static Set<Integer> partitions(Rivulet rivulet) {
    return rivulet.tasks().stream().map(TaskInfo::partition).collect(Collectors.toSet());
  }
}
