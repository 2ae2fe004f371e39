package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.internal.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
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

    // A: slow, with long transactions (the changelog writes of a poll's records go out before
    // the next poll, so a kill mid-transaction finds some in it) that outlive both moves
    ForkedRuntime.killMidTransaction(Duration.ofSeconds(40), app, stateA.toString(), in, out,
        changelog);
    long killedAt = System.nanoTime();
    long[] afterKill = TestBroker.stableAndEnd(changelog);
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

    long[] beforeC = TestBroker.stableAndEnd(changelog);
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

  /** B and C, leaving A's transaction to its timeout. */
  private static RivuletBuilder builder(String app, Path stateDir, String in, String out) {
    return RuntimeHarness.builder(app, stateDir, definition(in, out))
        .fenceAbandonedTransactions(false);
  }

  private static dev.rivulet.api.ProcessorDefinition<?, ?, ?> definition(String in, String out) {
    return CheckingProcessor.definition("checker", in, out, new CheckingProcessor());
  }
}
