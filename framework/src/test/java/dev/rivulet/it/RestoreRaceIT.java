package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.internal.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task moves A &rarr; B &rarr; C within the transaction timeout, A having died in the middle of
 * a transaction. B restores up to the changelog's last stable offset, where A's open transaction
 * begins, processes and commits behind it. C's restore used to stop at that same offset, missing
 * everything B committed, and C went on from B's input offsets with a stale state (wrong counts,
 * found by the check below). Now C sees its state behind the group's offsets while a changelog
 * transaction is open, and restores on until the broker has aborted A's transaction.
 *
 * <p>Normally B's group leader fences A's transactional id as soon as it sees A gone
 * ({@code AbandonedTransactionIT}), and the race cannot start. This test turns that off: it is
 * what happens when the fencing fails (ACLs, brokers that cannot list transactions by duration).
 */
class RestoreRaceIT {
  @TempDir Path stateA;
  @TempDir Path stateB;
  @TempDir Path stateC;

  @Test
  void aSecondMoveWhileACrashedOwnersTransactionIsOpenRestoresWhatTheFirstMoveCommitted()
      throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("race");
    TestBroker.createTopics(1, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(1);
    // 8,000 records at A's 0.5 ms each: A is still processing well after its first commit (3 s),
    // also on a fast machine (with 4,000, one CI run had processed everything by then)
    TestBroker.produce(in, check.generate(8_000, 50, 41));
    String changelog = StoreNames.changelog(app, "checker", CheckingProcessor.COUNT.name());

    // A: slow, long transactions (the changelog writes of a poll's records go out before the
    // next poll, so a kill mid-transaction finds some in it), a long transaction timeout (its
    // open transaction outlives both moves), a short session (B takes over soon after the kill)
    try (ForkedRuntime a = ForkedRuntime.start(List.of("-Drivulet.it.transactionTimeoutMs=40000",
        "-Drivulet.it.commitIntervalMs=3000", "-Drivulet.it.sessionTimeoutMs=6000"),
        TestBroker.bootstrap(), app, stateA.toString(), in, out, "500")) {
      await().atMost(Duration.ofSeconds(60)).until(() ->
          TestBroker.readCommitted(out).size() >= 800);
      // into a transaction that has changelog writes (watched, not slept for: a loaded machine
      // once took longer than a fixed 1.5 s to get there)
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
        long[] now = stableAndEnd(changelog);
        return now[0] < now[1];
      });
      a.kill();
    }
    long killedAt = System.nanoTime();
    long[] afterKill = stableAndEnd(changelog);
    assertThat(afterKill[0]).as("A died with changelog writes in an open transaction")
        .isLessThan(afterKill[1]);

    try (Rivulet b = builder(app, stateB, in, out).build()) {
      b.start(); // restores up to A's open transaction, then processes the rest and commits it
      // (its outputs are committed but invisible to read_committed readers: A's open
      // transaction holds the output's last stable offset too, so watch the group's offsets)
      await().atMost(Duration.ofSeconds(60)).until(() ->
          TestBroker.committedOffsets(app, in) == TestBroker.endOffsets(in));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
        .as("B finished within A's transaction timeout: the race is on")
        .isLessThan(Duration.ofSeconds(30));

    long[] beforeC = stableAndEnd(changelog);
    assertThat(beforeC[0]).as("B's commits sit behind A's open transaction")
        .isEqualTo(afterKill[0]);
    assertThat(beforeC[1]).isGreaterThan(afterKill[1]);
    RuntimeHarness.Restores restores = new RuntimeHarness.Restores();
    try (Rivulet c = builder(app, stateC, in, out).listener(restores).build()) {
      c.start();
      await().atMost(Duration.ofSeconds(120)).until(c::allTasksRunning);
      assertThat(restores.of(CheckingProcessor.COUNT.name()))
          .as("C restored what B committed, not only up to A's open transaction")
          .isGreaterThan(afterKill[0]);
      TestBroker.produce(in, check.generate(500, 50, 42));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      check.expectedCounts().forEach((key, count) ->
          assertThat(c.query("checker", CheckingProcessor.COUNT, key)).as(key).contains(count));
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(60));
    check.verify(TestBroker.readCommitted(out));
  }

  /** {last stable offset, log end offset} of partition 0 of a topic. */
  private static long[] stableAndEnd(String topic) throws Exception {
    TopicPartition tp = new TopicPartition(topic, 0);
    Map<TopicPartition, OffsetSpec> latest = Map.of(tp, OffsetSpec.latest());
    try (Admin admin = TestBroker.admin()) {
      long stable = admin.listOffsets(latest,
          new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(tp).offset();
      long end = admin.listOffsets(latest).all().get().get(tp).offset();
      return new long[] {stable, end};
    }
  }

  /** B and C, leaving A's transaction to its timeout. */
  private static RivuletBuilder builder(String app, Path stateDir, String in, String out) {
    return RuntimeHarness.builder(app, stateDir, definition(in, out))
        .fenceAbandonedTransactions(false);
  }

  private static dev.rivulet.api.ProcessorDefinition<?, ?, ?> definition(String in, String out) {
    return CheckingProcessor.definition("checker", in, out, new CheckingProcessor());
  }
}
