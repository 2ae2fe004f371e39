package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.Rivulet;
import dev.rivulet.api.RivuletMetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime stalls in the middle of a transaction for longer than max.poll.interval.ms; the group
 * gives its partitions to another runtime. When the zombie wakes up its commit is fenced (stale
 * group generation): nothing it did becomes visible and every input still counts exactly once.
 */
class ZombieFencingIT {
  @TempDir Path stateA;
  @TempDir Path stateB;

  @Test
  void stalledRuntimeIsFencedAndItsLateCommitProducesNothing() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("zombie");
    TestBroker.createTopics(2, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(2);
    TestBroker.produce(in, check.generate(2_000, 40, 21));

    AtomicBoolean stalled = new AtomicBoolean();
    CheckingProcessor stallingOnce = new CheckingProcessor(0,
        id -> id.equals("id700") && stalled.compareAndSet(false, true), 9_000);
    SimpleMeterRegistry zombieMetrics = new SimpleMeterRegistry();
    Rivulet zombie = RuntimeHarness.builder(app, stateA,
            CheckingProcessor.definition("checker", in, out, stallingOnce))
        .kafkaProperty("max.poll.interval.ms", 3_000)
        .meterRegistry(zombieMetrics).build();
    Rivulet healthy = RuntimeHarness.builder(app, stateB,
        CheckingProcessor.definition("checker", in, out, new CheckingProcessor())).build();
    try {
      zombie.start();
      await().atMost(Duration.ofSeconds(30)).untilTrue(stalled);
      healthy.start(); // takes over once the zombie is thrown out of the group
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(90));
      await().atMost(Duration.ofSeconds(30)).until(() ->
          zombieMetrics.get(RivuletMetricNames.FENCES).counter().count() >= 1);
      TestBroker.produce(in, check.generate(500, 40, 22)); // both keep working afterwards
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
    } finally {
      zombie.close();
      healthy.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
    assertThat(zombieMetrics.get(RivuletMetricNames.ABORTS).counter().count()).isPositive();
  }
}
