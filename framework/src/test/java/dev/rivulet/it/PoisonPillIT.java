package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.ops.DeadLetterRedrive;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that used to get past the dead-letter path, on a real broker: a record whose dead
 * letter is larger than the dead-letter topic accepts (it aborted its transaction on every
 * attempt until the worker stopped), a record whose payload says it happens a year from now (it
 * moved the persisted watermark for good; the broker itself refuses a record <i>timestamp</i>
 * more than an hour ahead, but an event time read from the payload passes it), and a processor throwing an {@link AssertionError} (it stopped the
 * worker whatever the policy). Each is dead-lettered once, and the records after it are processed.
 */
class PoisonPillIT {
  private static final long YEAR = Duration.ofDays(365).toMillis();

  @TempDir Path state;

  @Test
  void oversizedFutureAndErroringRecordsAreDeadLetteredOnceAndTheRunGoesOn() throws Exception {
    String in = TestBroker.unique("big-in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("poison");
    String dlq = app + "-echo-dlq";
    try (Admin admin = TestBroker.admin()) {
      // the input takes records up to 4 MB; the dead-letter topic keeps the broker default (1 MB)
      admin.createTopics(List.of(new NewTopic(in, 1, (short) 1)
          .configs(Map.of("max.message.bytes", "4194304")))).all().get();
    }
    TestBroker.createTopics(1, out);
    KeyedProcessor<String, String, String> echo = (v, ctx) -> {
      if (v.startsWith("poison")) {
        throw new IllegalArgumentException("rejected " + v.length() + " chars");
      }
      if (v.equals("assert")) {
        throw new AssertionError("an invariant of this one record");
      }
      ctx.emit(v);
    };
    ProcessorDefinition<String, String, String> definition = ProcessorDefinition
        .builder("echo", echo).keyType(String.class).input(in, String.class)
        .output(out, String.class).errorPolicy(ErrorPolicy.DEAD_LETTER)
        .timestampExtractor((value, timestamp) -> value.startsWith("at:")
            ? Long.parseLong(value.substring(3)) : timestamp)
        .build();
    String big = "poison" + random(1_500_000);
    long now = System.currentTimeMillis();
    try (Rivulet r = RuntimeHarness.builder(app, state, definition).build()) {
      r.start();
      produce(in, List.of(
          new ProducerRecord<>(in, null, now, "k", "before"),
          new ProducerRecord<>(in, null, now, "k", big),
          new ProducerRecord<>(in, null, now, "k", "at:" + (now + YEAR)),
          new ProducerRecord<>(in, null, now, "k", "assert"),
          new ProducerRecord<>(in, null, now, "k", "after")));

      RuntimeHarness.awaitOutputs(out, 2, Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(30)).until(() -> BadInputIT.deadLetters(dlq).size() == 3);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          TestBroker.committedOffsets(app, in) == TestBroker.endOffsets(in));
      assertThat(r.state()).isEqualTo(RuntimeState.RUNNING);
      assertThat(r.tasks()).allSatisfy(t -> assertThat(t.watermark()).isLessThan(now + YEAR));
    }
    assertThat(TestBroker.readCommitted(out)).extracting(ConsumerRecord::value)
        .containsExactly("before", "after");
    List<ConsumerRecord<byte[], byte[]>> dead = BadInputIT.deadLetters(dlq);
    assertThat(dead).extracting(d -> header(d, "offset")).containsExactly("1", "2", "3");

    ConsumerRecord<byte[], byte[]> truncated = dead.get(0);
    assertThat(header(truncated, "truncated")).isEqualTo("value");
    assertThat(header(truncated, "value-bytes")).isEqualTo(Integer.toString(big.length()));
    assertThat(truncated.value().length).isBetween(900_000, 1_048_576);
    assertThat(new String(truncated.value(), StandardCharsets.UTF_8)).isEqualTo(
        big.substring(0, truncated.value().length));
    assertThat(header(truncated, "exception")).isEqualTo(IllegalArgumentException.class.getName());

    assertThat(header(dead.get(1), "message")).contains("ahead of the clock");
    assertThat(header(dead.get(1), "truncated")).isNull();
    assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8))
        .isEqualTo("at:" + (now + YEAR));
    assertThat(header(dead.get(2), "exception")).isEqualTo(AssertionError.class.getName());

    // a truncated dead letter is not the record any more: a redrive passes over it
    DeadLetterRedrive.Result redrive = DeadLetterRedrive.builder(TestBroker.bootstrap(), dlq).run();
    assertThat(redrive.republished()).isEqualTo(2);
    assertThat(redrive.passedOver()).isEqualTo(1);
    List<String> input = TestBroker.readCommitted(in).stream().map(ConsumerRecord::value).toList();
    assertThat(input).hasSize(7).filteredOn(v -> v.startsWith("poison")).containsExactly(big);
  }

  private static String random(int chars) {
    // incompressible text: the broker's check of the compressed batch cannot let it through
    Random random = new Random(11);
    StringBuilder s = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  private static void produce(String topic, List<ProducerRecord<String, String>> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      records.forEach(producer::send);
      producer.flush();
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader("rivulet.dlq." + name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
