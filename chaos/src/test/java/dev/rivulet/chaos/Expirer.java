package dev.rivulet.chaos;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.chaos.ChaosModel.ExpiryOutput;
import dev.rivulet.chaos.ChaosModel.InputEvent;
import dev.rivulet.chaos.ChaosModel.LastSeen;
import java.time.Duration;

/**
 * The fourth processor ({@value ChaosTopology#EXPIRER}): processing-time TTL under chaos. Per key
 * it keeps the last good record's id in a value state with a TTL, and brackets its state access
 * with the wall clock: {@code t0} just before the read, {@code t1} just after the write. The TTL
 * store reads the same clock ({@code System.currentTimeMillis}) inside that bracket, so the
 * checker ({@link TtlChecks}) can tell from the committed outputs alone whether the previous value
 * had to be present, had to be gone, or was too close to call, without an injectable clock.
 *
 * <p>It reads the sequencer's input and refuses what the sequencer refuses, in the same places:
 * a poison record writes the state and emits before it throws, so the runtime must roll back the
 * TTL state as well. Called on one task thread at a time, like every processor.
 */
final class Expirer implements KeyedProcessor<String, InputEvent, ExpiryOutput> {
  /** The TTL store's name. */
  static final String STATE = "last-seen";

  private final ValueStateSpec<LastSeen> lastSeen;

  private Expirer(ValueStateSpec<LastSeen> lastSeen) {
    this.lastSeen = lastSeen;
  }

  /** The expirer over the run's input, its state expiring {@code ttlMillis} after each write. */
  static ProcessorDefinition<String, InputEvent, ExpiryOutput> definition(
      ChaosTopology.Topics topics, long ttlMillis) {
    ValueStateSpec<LastSeen> spec =
        StateSpec.value(STATE, LastSeen.class).ttl(Duration.ofMillis(ttlMillis));
    return ProcessorDefinition.builder(ChaosTopology.EXPIRER, new Expirer(spec))
        .keySerde(RivuletSerdes.string())
        .input(topics.input(), RivuletSerdes.json(InputEvent.class))
        .output(topics.expirerOutput(), RivuletSerdes.json(ExpiryOutput.class))
        .state(spec)
        .errorPolicy(ErrorPolicy.DEAD_LETTER)
        .timestampExtractor((v, ts) -> v != null && v.eventTime() != null ? v.eventTime() : ts)
        .build();
  }

  @Override
  public void process(InputEvent e, KeyedContext<String, ExpiryOutput> ctx) {
    if (e == null) {
      throw new IllegalArgumentException("null value");
    }
    if (ctx.key().length() > ChaosModel.MAX_KEY_CHARS) {
      throw new IllegalArgumentException("key of " + ctx.key().length() + " chars");
    }
    ValueState<LastSeen> state = ctx.state(lastSeen);
    long t0 = System.currentTimeMillis();
    LastSeen seen = state.get();
    state.put(new LastSeen(e.id(), t0));
    long t1 = System.currentTimeMillis();
    String padding = "oversized".equals(e.fault())
        ? "x".repeat(ChaosModel.OVERSIZED_OUTPUT_CHARS) : null;
    ctx.emit(new ExpiryOutput(ctx.key(), e.id(), seen == null ? null : seen.id(),
        seen == null ? null : seen.t0(), t0, t1, padding));
    if ("poison".equals(e.fault())) {
      throw new IllegalStateException("poison record " + e.id());
    }
  }
}
