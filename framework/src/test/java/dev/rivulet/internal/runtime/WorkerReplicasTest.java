package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

class WorkerReplicasTest {
  private final List<String> rejoins = new ArrayList<>();
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public synchronized void enforceRebalance(String reason) {
      rejoins.add(reason);
    }
  };
  private final ReplicaAssignment assignment =
      new ReplicaAssignment(() -> new MemberData.Subscription(null, "i", Map.of()));
  // no partitions known yet: the replicas stay untouched, only the rebalance requests matter
  private final WorkerReplicas replicas = new WorkerReplicas(
      new StandbyTasks(new MockConsumer<>("earliest"), null, null, new ActiveClaims(), Map.of()),
      assignment, new ActiveClaims(), Duration.ofHours(1), Duration.ofSeconds(5));

  @Test
  void anAssignmentThatWithholdsPartitionsForAFollowUpMakesTheWorkerRejoinOnce() {
    assignment.assigned(Set.of(), Set.of(), false, true);

    replicas.rejoinIfFollowUpDue(consumer);
    replicas.rejoinIfFollowUpDue(consumer);

    assertThat(rejoins).hasSize(1);
    assertThat(rejoins.get(0)).contains("follow-up");
  }

  @Test
  void anAssignmentWithNothingInTransitLeavesTheGroupAlone() {
    assignment.assigned(Set.of(), Set.of(), false, false);

    replicas.rejoinIfFollowUpDue(consumer);
    replicas.step(consumer);

    assertThat(rejoins).isEmpty();
  }
}
