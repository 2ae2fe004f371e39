package dev.rivulet.docs;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The README's tutorial, compiled: each region between {@code tag::NAME[]} and
 * {@code end::NAME[]} appears verbatim in README.md after a {@code <!-- snippet: ...#NAME -->}
 * marker ({@link ReadmeSnippetsTest} checks it), and {@link TutorialTest} runs it.
 */
final class Tutorial {
  private Tutorial() {}

  record Payment(String card, long cents) {}

  record Alert(String card, String rule, long count) {}

  /** A windowed aggregate of payments. */
  record Stats(long count, long cents) {
    static Stats empty() {
      return new Stats(0, 0);
    }

    Stats add(Payment p) {
      return new Stats(count + 1, cents + p.cents());
    }

    Stats merge(Stats other) {
      return new Stats(count + other.count, cents + other.cents);
    }
  }

  // tag::processor[]
  class CardVelocity implements KeyedProcessor<String, Payment, Alert> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class)
        .ttl(Duration.ofHours(1));                        // typed, per key, changelogged

    @Override
    public void process(Payment p, KeyedContext<String, Alert> ctx) {
      long n = ctx.state(COUNT).getOrDefault(0L) + 1;     // state of ctx.key() only
      ctx.state(COUNT).put(n);
      if (n > 5) {
        ctx.emit(new Alert(ctx.key(), "velocity", n));     // default output, same key
      }
      ctx.timers().eventTime(ctx.timestamp() + 600_000);  // per-key timer, survives failover
    }

    @Override
    public void onTimer(long time, KeyedContext<String, Alert> ctx) {
      ctx.state(COUNT).clear();                           // runs with that key's state
    }
  }
  // end::processor[]

  static ProcessorDefinition<String, Payment, Alert> velocity() {
    CardVelocity processor = new Tutorial().new CardVelocity();
    // tag::definition[]
    ProcessorDefinition<String, Payment, Alert> velocity = ProcessorDefinition
        .builder("card-velocity", processor)
        .keyType(String.class)
        .input("payments", Payment.class)            // more inputs = co-partitioned join
        .output("fraud-alerts", Alert.class)
        .state(CardVelocity.COUNT)
        .errorPolicy(ErrorPolicy.DEAD_LETTER)
        .maxOutOfOrderness(Duration.ofSeconds(5))
        .build();
    // end::definition[]
    return velocity;
  }

  static void runPlainJava(ProcessorDefinition<String, Payment, Alert> velocity) {
    // tag::runtime[]
    try (Rivulet rivulet = Rivulet.builder()
        .applicationId("fraud")                      // consumer group, prefix of internal topics
        .bootstrapServers("localhost:9092")
        .stateDir(Path.of("/var/lib/fraud"))
        .processor(velocity)
        .build()) {
      rivulet.start();                               // fails fast on missing topics etc.
      // ... process until close() (or a shutdown hook) stops it
    }
    // end::runtime[]
  }

  // tag::windows[]
  static final WindowedAggregation<String, Payment, Stats> STATS = WindowedAggregation
      .<String, Payment, Stats>of(Windows.tumbling(Duration.ofMinutes(1)))
      .aggregator(Stats::empty, Stats::add, Stats::merge).accumulatorType(Stats.class)
      .allowedLateness(Duration.ofSeconds(30)).earlyUpdates(Duration.ofSeconds(10))
      .lateRecordsTo(Output.of("payments-late", Payment.class)).build();
  // end::windows[]

  static ProcessorDefinition<String, Payment, WindowResult<String, Stats>> perCard() {
    // tag::window-definition[]
    var perCard = STATS.definitionBuilder("per-card-stats").keyType(String.class)
        .input("payments", Payment.class)
        .output("card-stats", WindowResult.jsonSerde(String.class, Stats.class))
        .maxOutOfOrderness(Duration.ofSeconds(5)).build();
    // end::window-definition[]
    return perCard;
  }
}
