package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.ops.DeadLetterRedrive;
import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.runtime.RuntimeState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Good records interleaved with 50 of each bad kind: bad ones land exactly once in the
 * dead-letter topic with provenance (or are counted under SKIP), good ones produce exactly the
 * expected outputs, offsets advance, nothing restarts; a SIGKILL mid-run duplicates no dead
 * letter; redrive of fixed records produces their outputs.
 */
class BadInputIT {
  @TempDir Path state;
  @TempDir Path state2;

  @Test
  void deadLetterPolicyThenRedriveOfFixedRecords() throws Exception {
    String in = TestBroker.unique("pay");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("dlq");
    TestBroker.createTopics(3, in, out);
    BadInput input = new BadInput(1_000, 50);
    input.produce(in);
    PaymentsProcessor processor = new PaymentsProcessor();
    String dlq = app + "-payments-dlq";
    try (Rivulet r = RuntimeHarness.builder(app, state,
        PaymentsProcessor.definition(in, out, ErrorPolicy.DEAD_LETTER, processor)).build()) {
      r.start();
      RuntimeHarness.awaitOutputs(out, input.goodIds.size() + input.tombstones,
          Duration.ofSeconds(90));
      await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(dlq).size() == 350);
      assertThat(r.state()).isEqualTo(RuntimeState.RUNNING);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          TestBroker.committedOffsets(app, in) == TestBroker.endOffsets(in));
      verifyOutputs(out, input.goodIds);
      verifyDeadLetters(deadLetters(dlq), in);

      processor.fix(); // the bug is fixed: redrive what it rejected
      DeadLetterRedrive.Result result = DeadLetterRedrive.builder(TestBroker.bootstrap(), dlq)
          .exceptionClass(PaymentsProcessor.NegativeAmountException.class.getName()).run();
      assertThat(result.republished()).isEqualTo(50);
      assertThat(result.passedOver()).isEqualTo(300);
      List<String> expected = new ArrayList<>(input.goodIds);
      for (int i = 0; i < 350; i++) {
        if (i % 7 == List.copyOf(BadInput.KINDS.keySet()).indexOf("processor-throws")) {
          expected.add("neg" + i);
        }
      }
      RuntimeHarness.awaitOutputs(out, expected.size() + input.tombstones, Duration.ofSeconds(60));
      verifyOutputs(out, expected);
      assertThat(deadLetters(dlq)).hasSize(350); // fixed records did not fail again
      // a second run finds nothing new: the redrive is exactly once
      assertThat(DeadLetterRedrive.builder(TestBroker.bootstrap(), dlq)
          .exceptionClass(PaymentsProcessor.NegativeAmountException.class.getName()).run()
          .republished()).isZero();
    }
  }

  @Test
  void skipPolicyCountsEveryBadRecordAndLosesNoGoodOne() throws Exception {
    String in = TestBroker.unique("pay");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("skip");
    TestBroker.createTopics(3, in, out);
    BadInput input = new BadInput(600, 50);
    input.produce(in);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (Rivulet r = RuntimeHarness.builder(app, state,
            PaymentsProcessor.definition(in, out, ErrorPolicy.SKIP, new PaymentsProcessor()))
        .meterRegistry(metrics).build()) {
      r.start();
      RuntimeHarness.awaitOutputs(out, input.goodIds.size() + input.tombstones,
          Duration.ofSeconds(90));
      await().atMost(Duration.ofSeconds(30)).until(() -> metrics.find(
          RivuletMetricNames.RECORDS_SKIPPED).counters().stream()
          .mapToDouble(c -> c.count()).sum() == 350);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          TestBroker.committedOffsets(app, in) == TestBroker.endOffsets(in));
      assertThat(r.state()).isEqualTo(RuntimeState.RUNNING);
    }
    verifyOutputs(out, input.goodIds);
  }

  @Test
  void sigkillDuringTheRunDuplicatesNoDeadLetter() throws Exception {
    String in = TestBroker.unique("pay");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("dlqkill");
    TestBroker.createTopics(3, in, out);
    BadInput input = new BadInput(1_500, 50);
    input.produce(in);
    String dlq = app + "-payments-dlq";
    try (ForkedRuntime first = ForkedRuntime.start(TestBroker.bootstrap(), app, state.toString(),
        in, out, "2000", "EXACTLY_ONCE", "payments")) {
      await().atMost(Duration.ofSeconds(90)).until(() -> deadLetters(dlq).size() >= 60);
      first.kill();
    }
    try (ForkedRuntime second = ForkedRuntime.start(TestBroker.bootstrap(), app,
        state2.toString(), in, out, "0", "EXACTLY_ONCE", "payments")) {
      RuntimeHarness.awaitOutputs(out, input.goodIds.size() + input.tombstones,
          Duration.ofSeconds(120));
      await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(dlq).size() >= 350);
      second.stop();
    }
    TestBroker.awaitNoOpenTransactions(dlq, Duration.ofSeconds(30));
    verifyDeadLetters(deadLetters(dlq), in);
    verifyOutputs(out, input.goodIds);
  }

  @Test
  void outputAboveTheTopicsMaxMessageBytesIsDeadLetteredNotRetriedForever() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("small-out");
    String app = TestBroker.unique("reject");
    TestBroker.createTopics(1, in);
    try (org.apache.kafka.clients.admin.Admin admin = TestBroker.admin()) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(out, 1, (short) 1)
          .configs(Map.of("max.message.bytes", "4096")))).all().get();
    }
    java.util.Random random = new java.util.Random(5);
    dev.rivulet.api.KeyedProcessor<String, String, String> echo = (v, ctx) -> {
      if (v.equals("big")) {
        byte[] noise = new byte[20_000]; // incompressible: above the topic limit after lz4
        random.nextBytes(noise);
        ctx.emit(java.util.Base64.getEncoder().encodeToString(noise));
      } else {
        ctx.emit(v);
      }
    };
    var definition = dev.rivulet.api.ProcessorDefinition.builder("echo", echo)
        .keyType(String.class).input(in, String.class).output(out, String.class)
        .errorPolicy(ErrorPolicy.DEAD_LETTER).build();
    try (Rivulet r = RuntimeHarness.builder(app, state, definition).build()) {
      r.start();
      long now = System.currentTimeMillis();
      TestBroker.produce(in, List.of(
          new org.apache.kafka.clients.producer.ProducerRecord<>("x", null, now, "k", "before"),
          new org.apache.kafka.clients.producer.ProducerRecord<>("x", null, now, "k", "big"),
          new org.apache.kafka.clients.producer.ProducerRecord<>("x", null, now, "k", "after")));
      RuntimeHarness.awaitOutputs(out, 2, Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(app + "-echo-dlq").size() == 1);
      assertThat(TestBroker.readCommitted(out)).extracting(ConsumerRecord::value)
          .containsExactly("before", "after");
      assertThat(header(deadLetters(app + "-echo-dlq").get(0), "exception"))
          .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
      assertThat(r.state()).isEqualTo(RuntimeState.RUNNING);
    }
  }

  private static void verifyOutputs(String out, List<String> expectedIds) {
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<String, String> r : TestBroker.readCommitted(out)) {
      if (!r.value().equals("deleted")) {
        ids.add(r.value().split("\\|")[0]);
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedIds);
  }

  private static void verifyDeadLetters(List<ConsumerRecord<byte[], byte[]>> dead, String in) {
    assertThat(dead).hasSize(350);
    Set<String> provenance = new HashSet<>();
    Map<String, Integer> byException = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      assertThat(header(r, "topic")).isEqualTo(in);
      assertThat(header(r, "processor")).isEqualTo("payments");
      assertThat(header(r, "stacktrace")).isNotBlank();
      assertThat(header(r, "message")).isNotBlank();
      assertThat(Long.parseLong(header(r, "failed-at"))).isPositive();
      provenance.add(header(r, "partition") + "@" + header(r, "offset"));
      byException.merge(header(r, "exception"), 1, Integer::sum);
    }
    assertThat(provenance).as("each bad record exactly once").hasSize(350);
    Map<String, Integer> expected = new HashMap<>();
    BadInput.KINDS.values().forEach(e -> expected.merge(e, 50, Integer::sum));
    assertThat(byException).isEqualTo(expected);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader("rivulet.dlq." + name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static List<ConsumerRecord<byte[], byte[]>> deadLetters(String topic) {
    return TestBroker.readCommitted(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
