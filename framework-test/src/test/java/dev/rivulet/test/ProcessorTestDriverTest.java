package dev.rivulet.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ProcessorTestDriverTest {
  record Payment(String id, double amount) {}

  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);
  static final ListStateSpec<String> IDS = StateSpec.list("ids", String.class);
  static final Output<String, String> AUDIT = Output.of("audit", String.class);

  /** Counts payments per card; emits the count; a timer 60 s later emits "expired". */
  static final class Counter implements KeyedProcessor<String, Payment, Long> {
    @Override
    public void process(Payment p, KeyedContext<String, Long> ctx) {
      if (p.amount() < 0) {
        ctx.state(COUNT).put(-1L); // must be rolled back by the failure below
        throw new IllegalArgumentException("negative amount");
      }
      long n = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(n);
      ctx.state(IDS).add(p.id());
      ctx.emit(n);
      ctx.timers().eventTime(ctx.timestamp() + 60_000);
    }

    @Override
    public void onTimer(long time, KeyedContext<String, Long> ctx) {
      ctx.emit(AUDIT, ctx.key(), "expired@" + time + ":" + ctx.state(IDS).get());
      ctx.state(IDS).clear();
    }
  }

  static ProcessorDefinition<String, Payment, Long> definition(ErrorPolicy policy) {
    return ProcessorDefinition.builder("counter", new Counter())
        .keySerde(RivuletSerdes.string())
        .input("payments", Payment.class)
        .output("counts", Long.class)
        .output(AUDIT)
        .state(COUNT, IDS)
        .errorPolicy(policy)
        .build();
  }

  @Test
  void countsPerKeyAndFiresEventTimeTimersWhenWatermarkPasses() {
    try (var driver = ProcessorTestDriver.of(definition(ErrorPolicy.FAIL))) {
      driver.pipe("payments", "card-1", new Payment("p1", 10), 1_000);
      driver.pipe("payments", "card-1", new Payment("p2", 10), 2_000);
      driver.pipe("payments", "card-2", new Payment("p3", 10), 3_000);
      assertThat(driver.readOutput()).extracting(TestRecord::value).containsExactly(1L, 2L, 1L);
      assertThat(driver.state(COUNT, "card-1")).isEqualTo(2L);
      assertThat(driver.readOutput(AUDIT)).isEmpty();

      // watermark reaches 61_000: both card-1 timers (61_000, 62_000)? only the first is due
      driver.pipe("payments", "card-3", new Payment("p4", 10), 61_000);
      List<TestRecord<String, String>> audit = driver.readOutput(AUDIT);
      assertThat(audit).extracting(TestRecord::value).containsExactly("expired@61000:[p1, p2]");
      driver.pipe("payments", "card-3", new Payment("p5", 10), 70_000);
      assertThat(driver.readOutput(AUDIT)).extracting(TestRecord::value)
          .containsExactly("expired@62000:[]", "expired@63000:[p3]");
    }
  }

  @Test
  void failedRecordLeavesNoTraceAndIsDeadLettered() {
    try (var driver = ProcessorTestDriver.of(definition(ErrorPolicy.DEAD_LETTER))) {
      driver.pipe("payments", "card-1", new Payment("p1", 10), 1_000);
      driver.pipe("payments", "card-1", new Payment("bad", -5), 1_500);
      driver.pipeRaw("payments", "card-1".getBytes(StandardCharsets.UTF_8),
          "{not json".getBytes(StandardCharsets.UTF_8), 1_600, new RecordHeaders());
      driver.pipeRaw("payments", null, "{}".getBytes(StandardCharsets.UTF_8), 1_700,
          new RecordHeaders());
      assertThat(driver.state(COUNT, "card-1")).isEqualTo(1L);
      assertThat(driver.readOutput()).hasSize(1);
      assertThat(driver.deadLetters()).hasSize(3);
      var first = driver.deadLetters().get(0);
      assertThat(new String(first.headers().lastHeader("rivulet.dlq.exception").value(),
          StandardCharsets.UTF_8)).isEqualTo(IllegalArgumentException.class.getName());
      assertThat(new String(first.headers().lastHeader("rivulet.dlq.offset").value(),
          StandardCharsets.UTF_8)).isEqualTo("1");
    }
  }

  @Test
  void transientFailuresAreRetriedThenTheErrorPolicyApplies() {
    int[] calls = {0};
    KeyedProcessor<String, String, String> flaky = (v, ctx) -> {
      calls[0]++;
      ctx.state(StateSpec.value("seen", String.class)).put(v);
      if (v.startsWith("flaky") && calls[0] % 3 != 0) {
        throw new java.io.UncheckedIOException(new java.io.IOException("lookup timed out"));
      }
      if (v.startsWith("broken")) {
        throw new java.io.UncheckedIOException(new java.io.IOException("always down"));
      }
      ctx.emit(v);
    };
    var def = ProcessorDefinition.builder("retry", flaky).keyType(String.class)
        .input("in", String.class).output("out", String.class)
        .state(StateSpec.value("seen", String.class))
        .retry(dev.rivulet.api.RetryPolicy.of(3, Duration.ofMillis(1),
            java.io.UncheckedIOException.class))
        .errorPolicy(ErrorPolicy.DEAD_LETTER).build();
    try (var driver = ProcessorTestDriver.of(def)) {
      driver.pipe("in", "k", "flaky-1", 0);   // fails twice, succeeds on the third attempt
      assertThat(calls[0]).isEqualTo(3);
      driver.pipe("in", "k", "broken-1", 0);  // three attempts, then dead-lettered
      assertThat(calls[0]).isEqualTo(6);
      assertThat(driver.readOutput()).extracting(TestRecord::value).containsExactly("flaky-1");
      assertThat(driver.deadLetters()).hasSize(1);
    }
  }

  @Test
  void skipPolicyCountsSkippedRecords() {
    try (var driver = ProcessorTestDriver.of(definition(ErrorPolicy.SKIP))) {
      driver.pipe("payments", "card-1", new Payment("bad", -5), 1_500);
      assertThat(driver.meterRegistry().get("rivulet.records.skipped").counter().count())
          .isEqualTo(1.0);
      assertThat(driver.deadLetters()).isEmpty();
    }
  }

  @Test
  void processingTimeTimersFireWhenTheTestClockAdvances() {
    KeyedProcessor<String, String, String> p = new KeyedProcessor<>() {
      @Override
      public void process(String v, KeyedContext<String, String> ctx) {
        ctx.timers().processingTime(ctx.currentProcessingTime() + 5_000);
        ctx.timers().processingTime(ctx.currentProcessingTime() + 5_000); // deduplicated
      }

      @Override
      public void onTimer(long time, KeyedContext<String, String> ctx) {
        ctx.emit("heartbeat-lost@" + time);
      }
    };
    var def = ProcessorDefinition.builder("hb", p).keyType(String.class)
        .input("beats", String.class).output("alerts", String.class).build();
    try (var driver = ProcessorTestDriver.of(def)) {
      driver.pipe("beats", "svc", "up", 0);
      driver.advanceProcessingTime(Duration.ofMillis(4_999));
      assertThat(driver.readOutput()).isEmpty();
      driver.advanceProcessingTime(Duration.ofMillis(1));
      assertThat(driver.readOutput()).extracting(TestRecord::value)
          .containsExactly("heartbeat-lost@5000");
    }
  }

  @Test
  void ttlExpiresStateOnProcessingTime() {
    ValueStateSpec<String> last = StateSpec.value("last", String.class).ttl(Duration.ofSeconds(10));
    KeyedProcessor<String, String, String> p = (v, ctx) -> {
      String before = ctx.state(last).get();
      ctx.state(last).put(v);
      ctx.emit(String.valueOf(before));
    };
    var def = ProcessorDefinition.builder("ttl", p).keyType(String.class)
        .input("in", String.class).output("out", String.class).state(last).build();
    try (var driver = ProcessorTestDriver.of(def)) {
      driver.pipe("in", "k", "a");
      driver.advanceProcessingTime(Duration.ofSeconds(9));
      driver.pipe("in", "k", "b");
      driver.advanceProcessingTime(Duration.ofSeconds(11));
      driver.pipe("in", "k", "c");
      assertThat(driver.readOutput()).extracting(TestRecord::value)
          .containsExactly("null", "a", "null");
    }
  }
}
