package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletMetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group's committed offsets go back in time while the state does not (what a group
 * coordinator that loaded a stale view after a broker restart served in the long chaos runs;
 * also an operator resetting offsets without resetting state). Every task must resume from the
 * position its state reflects: no input applied twice, the correction counted. Both with the
 * local state kept and with a fresh instance restoring from the changelog.
 */
class OffsetRegressionIT {
  @TempDir Path first;
  @TempDir Path second;

  @Test
  void resumesFromTheStatePositionWhenTheGroupOffsetRegressed() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("regress");
    TestBroker.createTopics(3, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(3);
    TestBroker.produce(in, check.generate(600, 30, 11));
    assertThat(runUntilComplete(app, first, in, out, check)).as("no corrections normally").isZero();

    rewindGroupToZero(app, in);
    TestBroker.produce(in, check.generate(300, 30, 12));
    assertThat(runUntilComplete(app, first, in, out, check))
        .as("corrections with the local state kept").isEqualTo(3);

    rewindGroupToZero(app, in);
    TestBroker.produce(in, check.generate(300, 30, 13));
    assertThat(runUntilComplete(app, second, in, out, check))
        .as("corrections on a fresh instance restoring from the changelog").isEqualTo(3);

    check.verify(TestBroker.readCommitted(out));
    assertThat(TestBroker.committedOffsets(app, in)).isEqualTo(1_200);
  }

  /**
   * A transaction of someone else holds an offset commit for the group open, so the group's
   * committed offset of partition 0 stays "unstable" (unknown) until it times out (60 s). The
   * task of that partition must not wait for it: it resumes from its state's position after the
   * guard's wait (15 s), while the other tasks run at once; nothing is applied twice.
   */
  @Test
  void resumesFromTheStatePositionWhenTheGroupOffsetStaysUnknown() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("unstable");
    TestBroker.createTopics(3, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(3);
    TestBroker.produce(in, check.generate(600, 30, 21));
    runUntilComplete(app, first, in, out, check);

    java.util.Map<String, Object> props = new java.util.HashMap<>();
    props.put("bootstrap.servers", TestBroker.bootstrap());
    props.put("transactional.id", app + "-intruder");
    props.put("transaction.timeout.ms", 60_000);
    try (var intruder = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(props,
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      intruder.initTransactions();
      intruder.beginTransaction();
      intruder.sendOffsetsToTransaction(
          Map.of(new TopicPartition(in, 0), new OffsetAndMetadata(1)),
          new org.apache.kafka.clients.consumer.ConsumerGroupMetadata(app));
      TestBroker.produce(in, check.generate(300, 30, 22));
      long start = System.nanoTime();
      runUntilComplete(app, first, in, out, check);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("partition 0 did not wait for the intruder's transaction to time out")
          .isLessThan(Duration.ofSeconds(50));
      intruder.abortTransaction();
    }
    check.verify(TestBroker.readCommitted(out));
  }

  /** Runs until every expected output is there; returns how many inputs were corrected. */
  private static double runUntilComplete(String app, Path state, String in, String out,
      ExactlyOnceCheck check) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Rivulet rivulet = RuntimeHarness.builder(app, state,
            CheckingProcessor.definition("checker", in, out, new CheckingProcessor()))
        .meterRegistry(registry).build()) {
      rivulet.start();
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(90));
      // a regressed offset would show as extra outputs shortly after the expected ones
      Thread.sleep(2_000);
      assertThat(TestBroker.readCommitted(out)).hasSize(check.expectedOutputs());
      return registry.find(RivuletMetricNames.POSITIONS_CORRECTED).counters().stream()
          .mapToDouble(Counter::count).sum();
    }
  }

  private static void rewindGroupToZero(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      zero.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
    }
    try (Admin admin = TestBroker.admin()) {
      admin.alterConsumerGroupOffsets(group, zero).all().get();
    }
    assertThat(TestBroker.committedOffsets(group, topic)).isZero();
  }
}
