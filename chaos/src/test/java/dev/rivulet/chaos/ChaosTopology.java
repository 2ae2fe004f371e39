package dev.rivulet.chaos;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.chaos.ChaosModel.GroupOutput;
import dev.rivulet.chaos.ChaosModel.GroupState;
import dev.rivulet.chaos.ChaosModel.InputEvent;
import dev.rivulet.chaos.ChaosModel.KeyOutput;
import dev.rivulet.chaos.ChaosModel.KeyState;
import dev.rivulet.chaos.ChaosModel.KeyStateV2;
import dev.rivulet.chaos.ChaosModel.Regrouped;
import dev.rivulet.chaos.ChaosModel.WindowTotals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processors under test. Stage 1 ({@value #SEQUENCER}) keeps per key count, sum, last
 * sequence number and an order-sensitive hash of ids, and emits one {@link KeyOutput} per input;
 * with a repartition hop it also emits a {@link Regrouped} keyed by group, which stage 2
 * ({@value #GROUPER}) folds per group. A third processor ({@value #WINDOWER}) folds each key's
 * records into tumbling event-time windows over the same input and emits each window's final
 * result once the watermark passes it (windows run on timers). A fourth ({@value #EXPIRER}, see
 * {@link Expirer}) keeps each key's last record in a value state with a processing-time TTL. All
 * dead-letter bad input.
 */
final class ChaosTopology {
  static final String SEQUENCER = "sequencer";
  static final String GROUPER = "grouper";
  static final String WINDOWER = "windower";
  static final String EXPIRER = "expirer";
  /** The windower's out-of-orderness bound: its watermark is the max event time minus this. */
  static final Duration WINDOW_OUT_OF_ORDERNESS = Duration.ofSeconds(2);
  /** The windower's store of open windows. */
  static final String WINDOW_STATE = "windows";
  static final ValueStateSpec<KeyState> KEY_STATE = StateSpec.value("keys", KeyState.class);
  /** The same store in version 2 of the processor, whose state type gained a field. */
  static final ValueStateSpec<KeyStateV2> KEY_STATE_V2 =
      StateSpec.value("keys", KeyStateV2.class);
  static final ValueStateSpec<GroupState> GROUP_STATE = StateSpec.value("groups", GroupState.class);

  private ChaosTopology() {}

  /** The topics of one run. */
  record Topics(String input, String output, String regrouped, String groupOutput,
      String windows, String expirerOutput) {
    static Topics of(String prefix) {
      return new Topics(prefix + "-in", prefix + "-out", prefix + "-regrouped",
          prefix + "-group-out", prefix + "-windows", prefix + "-expirer-out");
    }
  }

  /** The windower's aggregation: tumbling windows of {@code seconds}, no allowed lateness. */
  static WindowedAggregation<String, InputEvent, WindowTotals> windows(int seconds) {
    return WindowedAggregation.<String, InputEvent, WindowTotals>of(
            Windows.tumbling(Duration.ofSeconds(seconds)))
        .aggregator(() -> WindowTotals.EMPTY, (totals, e) -> totals.add(accepted(e)))
        .accumulatorType(WindowTotals.class)
        .stateName(WINDOW_STATE)
        .build();
  }

  /** The windower refuses what the sequencer refuses, so that both see the same good records. */
  private static InputEvent accepted(InputEvent e) {
    if (e == null || e.fault() != null || e.key().length() > ChaosModel.MAX_KEY_CHARS) {
      throw new IllegalArgumentException("not a good record: " + e);
    }
    return e;
  }

  /**
   * The processors of {@code version} 1 or 2 (2: the sequencer's state type has a new field);
   * the windower only with {@code windowSeconds} > 0, the expirer only with {@code ttlMillis} > 0.
   */
  static List<ProcessorDefinition<?, ?, ?>> definitions(Topics topics, boolean repartition,
      int groups, int version, int windowSeconds, long ttlMillis) {
    Output<String, Regrouped> regrouped = new Output<>("regrouped", topics.regrouped(),
        RivuletSerdes.string(), RivuletSerdes.json(Regrouped.class));
    List<ProcessorDefinition<?, ?, ?>> out = new ArrayList<>();
    ProcessorDefinition.Builder<String, InputEvent, KeyOutput> sequencer = ProcessorDefinition
        .builder(SEQUENCER, new Sequencer(repartition ? regrouped : null, groups, version))
        .keySerde(RivuletSerdes.string())
        .input(topics.input(), RivuletSerdes.json(InputEvent.class))
        .output(topics.output(), RivuletSerdes.json(KeyOutput.class))
        .state(version == 2 ? KEY_STATE_V2 : KEY_STATE)
        .errorPolicy(ErrorPolicy.DEAD_LETTER)
        .timestampExtractor((v, ts) -> v != null && v.eventTime() != null ? v.eventTime() : ts);
    if (repartition) {
      sequencer.output(regrouped);
    }
    out.add(sequencer.build());
    if (repartition) {
      out.add(ProcessorDefinition.builder(GROUPER, new Grouper())
          .keySerde(RivuletSerdes.string())
          .input(topics.regrouped(), RivuletSerdes.json(Regrouped.class))
          .output(topics.groupOutput(), RivuletSerdes.json(GroupOutput.class))
          .state(GROUP_STATE)
          .errorPolicy(ErrorPolicy.DEAD_LETTER)
          .build());
    }
    if (windowSeconds > 0) {
      out.add(windows(windowSeconds).definitionBuilder(WINDOWER)
          .keySerde(RivuletSerdes.string())
          .input(topics.input(), RivuletSerdes.json(InputEvent.class))
          .output(topics.windows(), WindowResult.jsonSerde(String.class, WindowTotals.class))
          .maxOutOfOrderness(WINDOW_OUT_OF_ORDERNESS)
          .errorPolicy(ErrorPolicy.DEAD_LETTER)
          .timestampExtractor((v, ts) -> v != null && v.eventTime() != null ? v.eventTime() : ts)
          .build());
    }
    if (ttlMillis > 0) {
      out.add(Expirer.definition(topics, ttlMillis));
    }
    return out;
  }

  /**
   * Stage 1. Bad kinds it rejects itself (after writing state and emitting, so that the runtime
   * must roll both back): null value, a key over {@link ChaosModel#MAX_KEY_CHARS}, "poison", and
   * "oversized" (an output the runtime refuses to send).
   */
  static final class Sequencer implements KeyedProcessor<String, InputEvent, KeyOutput> {
    private final Output<String, Regrouped> regrouped;
    private final int groups;
    private final int version;

    Sequencer(Output<String, Regrouped> regrouped, int groups, int version) {
      this.regrouped = regrouped;
      this.groups = groups;
      this.version = version;
    }

    @Override
    public void process(InputEvent e, KeyedContext<String, KeyOutput> ctx) {
      if (e == null) {
        throw new IllegalArgumentException("null value");
      }
      if (ctx.key().length() > ChaosModel.MAX_KEY_CHARS) {
        throw new IllegalArgumentException("key of " + ctx.key().length() + " chars");
      }
      KeyState before;
      KeyState after;
      if (version == 2) {
        KeyStateV2 stored = ctx.state(KEY_STATE_V2).getOrDefault(KeyStateV2.EMPTY);
        KeyStateV2 updated = stored.add(e.id(), e.seq(), e.amount());
        ctx.state(KEY_STATE_V2).put(updated);
        before = stored.v1();
        after = updated.v1();
      } else {
        before = ctx.state(KEY_STATE).getOrDefault(KeyState.EMPTY);
        after = before.add(e.id(), e.seq(), e.amount());
        ctx.state(KEY_STATE).put(after);
      }
      String padding = "oversized".equals(e.fault())
          ? "x".repeat(ChaosModel.OVERSIZED_OUTPUT_CHARS) : null;
      ctx.emit(new KeyOutput(ctx.key(), e.id(), e.seq(), before.lastSeq(), after.count(),
          after.sum(), after.hash(), padding));
      if (regrouped != null) {
        String group = ChaosModel.groupOf(ctx.key(), groups);
        ctx.emit(regrouped, group, new Regrouped(e.id(), ctx.key(), e.seq(), e.amount()));
      }
      if ("poison".equals(e.fault())) {
        throw new IllegalStateException("poison record " + e.id());
      }
    }
  }

  /** Stage 2: per group, the fold of the regrouped records in the order they arrive. */
  static final class Grouper implements KeyedProcessor<String, Regrouped, GroupOutput> {
    @Override
    public void process(Regrouped r, KeyedContext<String, GroupOutput> ctx) {
      GroupState after = ctx.state(GROUP_STATE).getOrDefault(GroupState.EMPTY)
          .add(r.id(), r.amount());
      ctx.state(GROUP_STATE).put(after);
      ctx.emit(new GroupOutput(ctx.key(), r.id(), after.count(), after.sum(), after.hash()));
    }
  }
}
