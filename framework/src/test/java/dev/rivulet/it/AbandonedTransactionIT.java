package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.internal.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance SIGKILLed in the middle of a transaction leaves it open: its transactional id is
 * its own, so no other instance's producer fences it, and until the broker aborts it
 * ({@code transaction.timeout.ms}, here 40 s) it holds back the last stable offset of the outputs
 * and changelogs it wrote to. {@code read_committed} readers would see nothing the task's next
 * owner commits. The next owner's group leader fences the dead instance's transactional id, so
 * its outputs show up within seconds of the takeover, long before the timeout, and exactly once.
 */
class AbandonedTransactionIT {
  /** A's transactions live this long unless fenced: the test must end well before. */
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(40);

  @TempDir Path stateA;
  @TempDir Path stateB;

  @Test
  void theNextOwnerFencesAKilledInstancesOpenTransactionInsteadOfWaitingForItsTimeout()
      throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("abandoned");
    TestBroker.createTopics(1, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(1);
    TestBroker.produce(in, check.generate(8_000, 50, 43));
    String changelog = StoreNames.changelog(app, "checker", CheckingProcessor.COUNT.name());

    // A: slow, with long transactions that outlive the test unless fenced
    ForkedRuntime.killMidTransaction(TRANSACTION_TIMEOUT, app, stateA.toString(), in, out,
        changelog, out);
    long killedAt = System.nanoTime();
    assertThat(TestBroker.openTransaction(out)).as("A died with outputs in an open transaction")
        .isTrue();

    try (Rivulet b = RuntimeHarness.builder(app, stateB,
        CheckingProcessor.definition("checker", in, out, new CheckingProcessor())).build()) {
      b.start();
      // every output, A's committed ones and B's, readable: A's transaction no longer holds
      // them back, though its timeout is far off
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      Duration visibleAfter = Duration.ofNanos(System.nanoTime() - killedAt);
      System.out.printf("outputs visible %d ms after the kill (A's transaction timeout: %d ms)%n",
          visibleAfter.toMillis(), TRANSACTION_TIMEOUT.toMillis());
      assertThat(visibleAfter).as("visible before A's transaction could have timed out")
          .isLessThan(TRANSACTION_TIMEOUT.minusSeconds(10));
      assertThat(TestBroker.openTransaction(changelog)).as("A's changelog writes aborted too")
          .isFalse();
      check.expectedCounts().forEach((key, count) ->
          assertThat(b.query("checker", CheckingProcessor.COUNT, key)).as(key).contains(count));
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(60));
    check.verify(TestBroker.readCommitted(out));
  }
}
