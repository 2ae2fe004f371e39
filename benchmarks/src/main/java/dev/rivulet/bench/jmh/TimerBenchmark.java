package dev.rivulet.bench.jmh;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.runtime.TaskFactory;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.SealedWrites;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.internal.task.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.WriteBatch;

/**
 * Timer registration and firing on one task that holds {@code live} timers, through the runtime's
 * own {@link Task} (the class the worker drives; the test driver commits after every record, the
 * worker per commit interval, so this drives the task directly with a commit every
 * {@code commitEvery} records or timer batches of 10,000, like the worker loop).
 *
 * <p>Each invocation registers (or fires) {@value #BATCH} timers; the setup, not measured, builds
 * a fresh task with {@code live} committed timers far in the future (plus, for firing,
 * {@value #BATCH} due ones). Single-shot: the result is time per timer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TimerBenchmark {
  static final int BATCH = 100_000;
  private static final long FAR = 4_000_000_000_000L;

  @Param({"100000"})
  int live;

  @Param({"5000"})
  int commitEvery;

  private Path dir;
  private StateEnvironment env;
  private Task<String, Long, Long> task;
  private long offset;
  private final AtomicLong clock = new AtomicLong(1_000);

  /** Registers an event-time timer at the record's value; onTimer does nothing. */
  static final class Registering implements KeyedProcessor<String, Long, Long> {
    @Override
    public void process(Long time, KeyedContext<String, Long> ctx) {
      if (time >= 0) {
        ctx.timers().eventTime(time);
      }
    }
  }

  @Setup(Level.Invocation)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("rivulet-jmh-timers");
    ProcessorDefinition<String, Long, Long> d = ProcessorDefinition
        .<String, Long, Long>builder("timers", new Registering())
        .keySerde(Serdes.String()).input("in", Serdes.Long()).output("out", Serdes.Long())
        .timestampExtractor((v, ts) -> ts)
        .build();
    RivuletConfig config = Rivulet.builder().applicationId("jmh").bootstrapServers("none:0")
        .processor(d).config();
    env = new StateEnvironment(dir, StoreNames.storeIds(List.of(d)), 64L << 20, 32L << 20);
    task = new TaskFactory(config, env, topic -> Integer.MAX_VALUE, clock::get)
        .create(d, 0, r -> { }, new RowCache(0));
    task.transitionTo(TaskState.RESTORING);
    task.restored();
    task.transitionTo(TaskState.RUNNING);
    for (int i = 0; i < live; i++) {
      pipe("live-" + i, FAR + i, 1);
      commitEvery(i);
    }
    for (int i = 0; i < BATCH; i++) {
      pipe("due-" + i, 2_000 + i, 1);
      commitEvery(i);
    }
    commit();
  }

  private void pipe(String key, long timerAt, long timestamp) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] v = Serdes.Long().serializer().serialize("in", timerAt);
    task.process(new ConsumerRecord<>("in", 0, offset++, timestamp, TimestampType.CREATE_TIME,
        k.length, v.length, k, v, new RecordHeaders(), Optional.empty()));
  }

  private void commitEvery(int i) {
    if (i % commitEvery == commitEvery - 1) {
      commit();
    }
  }

  private void commit() {
    StateManager state = task.stateManager();
    state.prepareCommit((tp, key, value, onOffset) -> {
      if (onOffset != null) {
        onOffset.accept(0);
      }
    }, task.watermark());
    try (WriteBatch batch = new WriteBatch()) {
      for (SealedWrites w : state.seal()) {
        w.stageInto(batch);
      }
      env.write(batch, true);
    }
    state.sealApplied(clock.get());
  }

  /** Registers BATCH new timers (one per record, distinct keys) next to the live ones. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void register() {
    for (int i = 0; i < BATCH; i++) {
      pipe("new-" + i, FAR / 2 + i, 1);
      commitEvery(i);
    }
    commit();
  }

  /** Fires the BATCH due timers (the watermark jumps past them) while the live ones stay. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int fire() {
    pipe("watermark", -1, 1_000_000); // moves the watermark past every due timer
    int fired = 0;
    int n;
    while ((n = task.fireTimers(10_000)) > 0) {
      fired += n;
      commit();
    }
    commit();
    if (fired != BATCH) {
      throw new IllegalStateException("fired " + fired + " of " + BATCH);
    }
    return fired;
  }

  @TearDown(Level.Invocation)
  public void tearDown() throws IOException {
    env.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
