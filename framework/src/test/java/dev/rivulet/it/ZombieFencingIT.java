package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.serde.RivuletSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  /** A processing-time timer whose firing stalls once per runtime instance. */
  static final class StallingTimer implements KeyedProcessor<String, String, String> {
    private final String name;
    private final AtomicBoolean stallOnce;
    /** Set once the stalled firing has woken up and is about to emit. */
    final AtomicBoolean wokeUp = new AtomicBoolean();

    StallingTimer(String name, boolean stall) {
      this.name = name;
      this.stallOnce = new AtomicBoolean(stall);
    }

    @Override
    public void process(String value, KeyedContext<String, String> ctx) {
      ctx.timers().processingTime(ctx.currentProcessingTime() + 500);
    }

    @Override
    public void onTimer(long time, KeyedContext<String, String> ctx) {
      if (stallOnce.compareAndSet(true, false)) {
        try {
          Thread.sleep(9_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        wokeUp.set(true);
      }
      ctx.emit("fired by " + name);
    }
  }

  @Test
  void zombieCannotCommitATimerFiringWithoutNewInput() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("zombie-timer");
    TestBroker.createTopics(1, in, out);
    StallingTimer zombieTimer = new StallingTimer("zombie", true);
    SimpleMeterRegistry zombieMetrics = new SimpleMeterRegistry();
    Rivulet zombie = RuntimeHarness.builder(app, stateA, timerDefinition(in, out, zombieTimer))
        .kafkaProperty("max.poll.interval.ms", 3_000).meterRegistry(zombieMetrics).build();
    Rivulet healthy = RuntimeHarness.builder(app, stateB, timerDefinition(in, out,
        new StallingTimer("healthy", false))).build();
    try {
      zombie.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> zombie.tasks().size() == 1
          && zombie.allTasksRunning());
      healthy.start();
      TestBroker.produce(in, List.of(new ProducerRecord<>("x", null,
          System.currentTimeMillis(), "k", "v")));
      RuntimeHarness.awaitOutputs(out, 1, Duration.ofSeconds(60));
      // the zombie did fire the timer, woke up after losing the partition and tried to commit
      // its firing: the commit was fenced
      await().atMost(Duration.ofSeconds(30)).untilTrue(zombieTimer.wokeUp);
      await().atMost(Duration.ofSeconds(30)).until(() ->
          zombieMetrics.get(RivuletMetricNames.FENCES).counter().count() >= 1);
    } finally {
      zombie.close();
      healthy.close();
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    assertThat(TestBroker.readCommitted(out)).extracting(ConsumerRecord::value)
        .containsExactly("fired by healthy");
  }

  private static ProcessorDefinition<String, String, String> timerDefinition(String in,
      String out, StallingTimer processor) {
    return ProcessorDefinition.builder("timers", processor).keySerde(RivuletSerdes.string())
        .input(in, RivuletSerdes.string()).output(out, RivuletSerdes.string()).build();
  }
}
