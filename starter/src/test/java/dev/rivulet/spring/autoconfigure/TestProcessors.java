package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.TimestampExtractor;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Scope;

/** Processor beans used by the auto-configuration tests. */
final class TestProcessors {

  private TestProcessors() {}

  record Payment(String card, long amount) {}

  record Alert(String card, String reason) {}

  record Audit(String what) {}

  @StreamProcessor(id = "card-velocity", inputs = "payments", output = "fraud-alerts")
  static class CardVelocity implements KeyedProcessor<String, Payment, Alert> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);
    private static final ValueStateSpec<Long> TOTAL =
        StateSpec.value("total", Long.class).ttl(Duration.ofHours(1));
    static final ValueStateSpec<Long> ALIAS = COUNT;
    static final Output<String, Audit> AUDIT = Output.of("audit", Audit.class);

    @Override
    public void process(Payment value, KeyedContext<String, Alert> ctx) {}
  }

  /** Shares the state constants of its superclass. */
  @StreamProcessor(id = "${test.processor-id:inherited}", inputs = "${test.inputs:a,b}",
      errorPolicy = ErrorPolicy.DEAD_LETTER, deadLetterTopic = "bad-payments",
      maxOutOfOrderness = "5s", idleTimeout = "PT2M")
  static class Inherited extends CardVelocity {}

  @StreamProcessor(id = "event-time", inputs = "payments")
  static class EventTime implements KeyedProcessor<String, Payment, Void>,
      TimestampExtractor<Payment> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}

    @Override
    public long extract(Payment value, long recordTimestamp) {
      return value.amount();
    }
  }

  @StreamProcessor(id = "per-task", inputs = "payments")
  @Scope("prototype")
  static class PerTask implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "at-least-once", inputs = "payments",
      guarantee = ProcessingGuarantee.AT_LEAST_ONCE)
  static class AtLeastOnce implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "no-inputs", inputs = {})
  static class NoInputs implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "card-velocity", inputs = "other")
  static class SameId implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  static class Passthrough<T> implements KeyedProcessor<String, T, T> {
    @Override
    public void process(T value, KeyedContext<String, T> ctx) {
      ctx.emit(value);
    }
  }

  @StreamProcessor(id = "generic", inputs = "in", output = "out")
  static class GenericPassthrough<T> extends Passthrough<T> {}

  @StreamProcessor(id = "not-a-processor", inputs = "in")
  static class NotAProcessor {}

  @StreamProcessor(id = "instance-spec", inputs = "in")
  static class InstanceSpec implements KeyedProcessor<String, Payment, Void> {
    final ValueStateSpec<Long> count = StateSpec.value("count", Long.class);

    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "bad-duration", inputs = "in", maxOutOfOrderness = "soon")
  static class BadDuration implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "batches", inputs = "in")
  static class Batches implements KeyedProcessor<String, List<Payment>, Void> {
    @Override
    public void process(List<Payment> value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "no-output-type", inputs = "in", output = "out")
  static class NoOutputType implements KeyedProcessor<String, Payment, Object> {
    @Override
    public void process(Payment value, KeyedContext<String, Object> ctx) {}
  }

  @StreamProcessor(id = "two-policies", inputs = "in",
      errorPolicy = {ErrorPolicy.SKIP, ErrorPolicy.FAIL})
  static class TwoPolicies implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }

  @StreamProcessor(id = "bad id!", inputs = "in")
  static class BadId implements KeyedProcessor<String, Payment, Void> {
    @Override
    public void process(Payment value, KeyedContext<String, Void> ctx) {}
  }
}
