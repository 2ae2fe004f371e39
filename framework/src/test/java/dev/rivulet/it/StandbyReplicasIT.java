package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.StateNotServedException;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standby replicas and warm-up. With {@code standbyReplicas(1)} each instance keeps a copy of the
 * other's stores; when one is SIGKILLed, its tasks move to the survivor, which replays only the
 * changelog tail its standbys had not applied, and exactly-once holds. With an acceptable recovery
 * lag, a joining instance first warms up the tasks it is to take and gets them only once it has
 * caught up, so it restores (almost) nothing on hand-over.
 */
class StandbyReplicasIT {
  private static final int SESSION_TIMEOUT_MS = 6_000;

  @TempDir Path stateA;
  @TempDir Path stateB;

  private final String in = TestBroker.unique("in");
  private final String out = TestBroker.unique("out");
  private final String app = TestBroker.unique("standby");
  private final ExactlyOnceCheck check = new ExactlyOnceCheck(4);
  private long seed;

  @Test
  void aKilledInstancesTasksMoveToTheStandbysAndReplayOnlyTheTail() throws Exception {
    TestBroker.createTopics(4, in, out);
    TestBroker.produce(in, check.generate(4_000, 400, ++seed));
    Rivulet a = RuntimeHarness.builder(app, stateA,
            CheckingProcessor.definition("checker", in, out, new CheckingProcessor()))
        .standbyReplicas(1).build();
    ForkedRuntime b = null;
    try {
      a.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> active(a).size() == 4
          && a.allTasksRunning());
      b = ForkedRuntime.start(List.of("-Drivulet.it.standbyReplicas=1",
          "-Drivulet.it.sessionTimeoutMs=" + SESSION_TIMEOUT_MS),
          TestBroker.bootstrap(), app, stateB.toString(), in, out, "0");
      ForkedRuntime forked = b;
      await().atMost(Duration.ofSeconds(90)).until(() -> active(a).size() == 2
          && a.allTasksRunning() && standbys(a).size() == 2
          && forked.lines().stream().filter(l -> l.startsWith("RESTORED ")).count() >= 4);
      TestBroker.produce(in, check.generate(2_000, 400, ++seed));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      Set<Integer> ofB = standbys(a);
      // A's replicas of B's tasks follow B's changelogs (lag is refreshed every second)
      await().atMost(Duration.ofSeconds(30)).until(() -> a.tasks().stream()
          .filter(t -> t.state().isReplica())
          .allMatch(t -> t.lag() == 0 && t.restoredRecords() > 0));
      long changelogOfB = changelogRecords(ofB);
      // stale reads: A answers B's keys from its replicas, flagged, and with all input counted
      assertReplicasServeCommittedState(a, ofB);
      int promoted = ofB.iterator().next();
      CommittedState<String> oldReplica = a.<String>replicaState("checker", promoted)
          .orElseThrow();

      b.kill();
      await().atMost(Duration.ofMillis(SESSION_TIMEOUT_MS + 60_000))
          .until(() -> active(a).size() == 4 && a.allTasksRunning());
      // the replica became the task: a read through the replica's handle says to look again
      assertThatThrownBy(() -> oldReplica.value(CheckingProcessor.COUNT, "any"))
          .isInstanceOf(StateNotServedException.class)
          .hasMessageContaining("locate the key again");
      assertThat(a.committedState("checker", promoted)).isPresent();
      long replayed = a.tasks().stream().filter(t -> ofB.contains(t.partition()))
          .filter(t -> !t.state().isReplica())
          .mapToLong(TaskInfo::restoredRecords).sum();
      System.out.printf("standby promotion: replayed %d of %d changelog records%n", replayed,
          changelogOfB);
      assertThat(changelogOfB).isGreaterThan(1_000);
      assertThat(replayed).as("records replayed on promotion (changelog of B's tasks: %d)",
          changelogOfB).isLessThan(changelogOfB / 10);

      TestBroker.produce(in, check.generate(1_000, 400, ++seed));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
    } finally {
      if (b != null) {
        b.close();
      }
      a.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  @Test
  void aJoiningInstanceWarmsUpBeforeItTakesTasksOver() throws Exception {
    TestBroker.createTopics(4, in, out);
    TestBroker.produce(in, check.generate(4_000, 400, ++seed));
    Rivulet a = RuntimeHarness.builder(app, stateA,
            CheckingProcessor.definition("checker", in, out, new CheckingProcessor()))
        .acceptableRecoveryLag(50).probingRebalanceInterval(Duration.ofSeconds(2)).build();
    Rivulet b = RuntimeHarness.builder(app, stateB,
            CheckingProcessor.definition("checker", in, out, new CheckingProcessor()))
        .acceptableRecoveryLag(50).probingRebalanceInterval(Duration.ofSeconds(2)).build();
    try {
      a.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> active(a).size() == 4
          && a.allTasksRunning());
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      b.start();
      // first B only warms up: A keeps all four tasks, and B says its replicas are warm-ups
      await().atMost(Duration.ofSeconds(60)).until(() -> standbys(b).size() == 2);
      assertThat(b.tasks()).extracting(TaskInfo::state).containsOnly(TaskState.WARMUP);
      assertThat(active(a)).hasSize(4);
      assertThat(active(b)).isEmpty();
      // an instance with only replicas is up: nothing of it waits for a restore
      await().atMost(Duration.ofSeconds(10)).until(() -> b.state() == RuntimeState.RUNNING);
      // a probing rebalance hands the warmed-up tasks over
      await().atMost(Duration.ofSeconds(60)).until(() -> active(b).size() == 2
          && b.allTasksRunning() && active(a).size() == 2);
      long restoredOnHandOver = b.tasks().stream().filter(t -> !t.state().isReplica())
          .mapToLong(TaskInfo::restoredRecords).sum();
      System.out.printf("warm-up hand-over: restored %d records%n", restoredOnHandOver);
      assertThat(restoredOnHandOver).as("B restores only what its warm-up lacked")
          .isLessThanOrEqualTo(2 * 50 * 2);

      TestBroker.produce(in, check.generate(1_000, 400, ++seed));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
    } finally {
      b.close();
      a.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  private static Set<Integer> active(Rivulet r) {
    return r.tasks().stream().filter(t -> !t.state().isReplica())
        .map(TaskInfo::partition).collect(Collectors.toSet());
  }

  /** Every key of the given partitions reads, from A's replica, as the reference count. */
  private void assertReplicasServeCommittedState(Rivulet a, Set<Integer> partitions) {
    int checked = 0;
    for (Map.Entry<String, Long> e : check.expectedCounts().entrySet()) {
      int p = a.partitionFor("checker", e.getKey());
      if (!partitions.contains(p)) {
        assertThat(a.replicaState("checker", p)).as("no replica of A's own task %d", p)
            .isEmpty();
        continue;
      }
      assertThat(a.committedState("checker", p)).as("task %d is B's", p).isEmpty();
      CommittedState<String> replica = a.<String>replicaState("checker", p).orElseThrow();
      assertThat(replica.standby()).isTrue();
      assertThat(replica.lag()).isZero();
      assertThat(replica.value(CheckingProcessor.COUNT, e.getKey())).as("count of %s", e.getKey())
          .isEqualTo(e.getValue());
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
  }

  /** Standby and warm-up replicas. */
  private static Set<Integer> standbys(Rivulet r) {
    return r.tasks().stream().filter(t -> t.state().isReplica())
        .map(TaskInfo::partition).collect(Collectors.toSet());
  }

  /** Records in the changelogs of the checker's stores for the given partitions. */
  private long changelogRecords(Set<Integer> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (String store : List.of(CheckingProcessor.COUNT.name(), StoreNames.TIMER_STORE)) {
      for (int p : partitions) {
        request.put(new TopicPartition(StoreNames.changelog(app, "checker", store), p),
            OffsetSpec.latest());
      }
    }
    try (Admin admin = TestBroker.admin()) {
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(i -> i.offset()).sum();
    }
  }
}
