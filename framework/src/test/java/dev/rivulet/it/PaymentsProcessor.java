package dev.rivulet.it;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;

/**
 * A JSON processor for bad-input tests: counts payments per card; a null value is a tombstone
 * (clears the card); a negative amount throws {@link NegativeAmountException} unless fixed; an
 * id starting with "huge" emits an output larger than max.request.size.
 */
public final class PaymentsProcessor implements KeyedProcessor<String, PaymentsProcessor.Payment, String> {
  public record Payment(String id, double amount) {}

  /** The processor's own failure, so redrive can select exactly these. */
  public static final class NegativeAmountException extends RuntimeException {
    public NegativeAmountException(String id) {
      super("negative amount in payment " + id);
    }
  }

  public static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

  private volatile boolean acceptNegative;
  private final long delayMicros;

  public PaymentsProcessor(long delayMicros) {
    this.delayMicros = delayMicros;
  }

  public PaymentsProcessor() {
    this(0);
  }

  public void fix() {
    acceptNegative = true;
  }

  @Override
  public void process(Payment p, KeyedContext<String, String> ctx) {
    if (delayMicros > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(delayMicros * 1_000);
    }
    if (p == null) {
      ctx.state(COUNT).clear();
      ctx.emit("deleted");
      return;
    }
    long n = ctx.state(COUNT).getOrDefault(0L) + 1;
    ctx.state(COUNT).put(n);
    if (p.amount() < 0 && !acceptNegative) {
      throw new NegativeAmountException(p.id());
    }
    if (p.id().startsWith("huge")) {
      ctx.emit("x".repeat(2_000_000));
      return;
    }
    ctx.emit(p.id() + "|" + n);
  }

  public static ProcessorDefinition<String, Payment, String> definition(String in, String out,
      ErrorPolicy policy, PaymentsProcessor processor) {
    return ProcessorDefinition.builder("payments", processor)
        .keySerde(RivuletSerdes.string())
        .input(in, Payment.class)
        .output(out, RivuletSerdes.string())
        .state(COUNT)
        .errorPolicy(policy)
        .build();
  }
}
