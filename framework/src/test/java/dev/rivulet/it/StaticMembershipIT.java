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
  /**
   * The session timeout of the restart test: Kafka's default, as a deployment using static
   * membership sets it (long enough to cover a restart). A CI run once took a restart of B close
   * to a 10 s timeout, and the group moved on meanwhile.
   */
  private static final int RESTART_SESSION_TIMEOUT_MS = 45_000;
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
    Rivulet a = startSurvivor(RESTART_SESSION_TIMEOUT_MS);
    ForkedRuntime b = startB(RESTART_SESSION_TIMEOUT_MS);
    try {
      awaitSplit(a, b);
      double rebalances = rebalances();
      Set<Integer> partitionsA = partitions(a);

      long stopped = System.nanoTime();
      b.stop(); // clean stop: a static member does not leave the group
      b = startB(RESTART_SESSION_TIMEOUT_MS);
      long afterStopMs = awaitRunning(b, stopped);
      processMore();
      assertThat(b.restored(CheckingProcessor.COUNT.name()))
          .as("a clean stop leaves nothing to restore").isZero();

      long killed = System.nanoTime();
      b.kill(); // SIGKILL mid-stream, back well within the session timeout
      b = startB(RESTART_SESSION_TIMEOUT_MS);
      long afterKillMs = awaitRunning(b, killed);
      processMore();

      assertThat(rebalances())
          .as("A's consumer did not rebalance (B was running again %d ms after its clean stop "
              + "and %d ms after its SIGKILL; session timeout %d ms)",
              afterStopMs, afterKillMs, RESTART_SESSION_TIMEOUT_MS)
          .isEqualTo(rebalances);
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
    Rivulet a = startSurvivor(SESSION_TIMEOUT_MS);
    ForkedRuntime b = startB(SESSION_TIMEOUT_MS);
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

  private Rivulet startSurvivor(int sessionTimeoutMs) {
    TestBroker.createTopics(4, in, out);
    TestBroker.produce(in, check.generate(1_000, 80, ++seed));
    Rivulet a = RuntimeHarness.builder(app, stateA,
            CheckingProcessor.definition("checker", in, out, new CheckingProcessor()))
        .instanceId("a")
        .kafkaProperty("session.timeout.ms", sessionTimeoutMs)
        .meterRegistry(registryA)
        .build();
    a.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> a.tasks().size() == 4 && a.allTasksRunning());
    return a;
  }

  private ForkedRuntime startB(int sessionTimeoutMs) {
    return ForkedRuntime.start(
        List.of("-Drivulet.it.instanceId=b", "-Drivulet.it.sessionTimeoutMs=" + sessionTimeoutMs),
        TestBroker.bootstrap(), app, stateB.toString(), in, out, "0");
  }

  /** Waits until B runs its tasks again; returns the milliseconds since it went away. */
  private static long awaitRunning(ForkedRuntime b, long goneNanos) throws InterruptedException {
    b.await(line -> line.equals("STATE RUNNING"), Duration.ofSeconds(60));
    return (System.nanoTime() - goneNanos) / 1_000_000;
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
