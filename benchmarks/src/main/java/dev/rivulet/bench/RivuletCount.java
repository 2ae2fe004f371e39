package dev.rivulet.bench;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Rivulet count per key: a {@code ValueState<Long>} per key, one output per input, one worker
 * thread, the given commit interval; everything else at Rivulet's defaults (standby replicas and
 * warm-up only where the harness asks for them: the scaling benchmark).
 */
final class RivuletCount implements ContenderMain.Running {
  static final String PROCESSOR = "count";
  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

  private final Rivulet rivulet;
  private final Thread watcher;

  /** JVM system property: the state row cache in bytes instead of Rivulet's default. */
  static final String STATE_CACHE_PROPERTY = "rivulet.bench.stateCacheBytes";

  private RivuletCount(ContenderArgs args) {
    ProcessorDefinition<String, byte[], Long> definition = ProcessorDefinition
        .<String, byte[], Long>builder(PROCESSOR, (value, ctx) -> {
          ValueState<Long> count = ctx.state(COUNT);
          long next = count.getOrDefault(0L) + 1;
          count.put(next);
          ctx.emit(next);
        })
        .keySerde(Serdes.String())
        .input(args.input(), Serdes.ByteArray())
        .output(args.output(), Serdes.Long())
        .state(COUNT)
        .build();
    AtomicLong firstRestore = new AtomicLong();
    AtomicLong lastRestore = new AtomicLong();
    AtomicLong restored = new AtomicLong();
    RivuletBuilder builder = Rivulet.builder()
        .applicationId(args.appId())
        .bootstrapServers(args.bootstrap())
        .threads(1)
        .guarantee(args.contender().exactlyOnce()
            ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.AT_LEAST_ONCE)
        .commitInterval(Duration.ofMillis(args.commitMs()))
        .stateDir(args.stateDir())
        .processor(definition)
        .listener(new RivuletListener() {
          @Override
          public void onRestoreStart(String processorId, int partition, String store, long n) {
            if (n > 0) {
              firstRestore.compareAndSet(0, System.nanoTime());
            }
          }

          @Override
          public void onRestoreEnd(String processorId, int partition, String store, long n) {
            if (n > 0) {
              lastRestore.set(System.nanoTime());
            }
            restored.addAndGet(n);
            ContenderMain.say("RESTORED " + partition + " " + store + " " + n);
          }

          @Override
          public void onFatalError(Throwable error) {
            ContenderMain.fail("rivulet", error);
          }
        });
    if (args.sessionTimeoutMs() > 0) {
      builder.kafkaProperty("session.timeout.ms", args.sessionTimeoutMs())
          .kafkaProperty("heartbeat.interval.ms",
              Math.max(500, Math.min(1000, args.sessionTimeoutMs() / 6)));
    }
    if (args.standbyReplicas() >= 0) {
      builder.standbyReplicas(args.standbyReplicas());
    }
    if (args.acceptableRecoveryLag() != null) {
      builder.acceptableRecoveryLag(args.acceptableRecoveryLag());
    }
    if (args.probingMs() > 0) {
      builder.probingRebalanceInterval(Duration.ofMillis(args.probingMs()));
    }
    if (args.instanceId() != null) {
      builder.instanceId(args.instanceId());
    }
    args.kafkaProperties().forEach(builder::kafkaProperty);
    // experiments only (the reported runs use Rivulet's default): --jvm-args "... -D..."
    Long stateCacheBytes = Long.getLong(STATE_CACHE_PROPERTY);
    if (stateCacheBytes != null) {
      builder.stateCache(stateCacheBytes);
    }
    if (args.contender() == Contender.RIVULET_EOS_STREAMS_MEMORY) {
      // Kafka Streams' defaults per store (50 MiB cache, 3 x 16 MiB memtables) times the tasks;
      // Rivulet charges its memtables to the block cache, so the cache gets both
      builder.memory(args.tasks() * ((50L + 48L) << 20), args.tasks() * (48L << 20));
    }
    rivulet = builder.build();
    int expectedTasks = args.tasks();
    long startNanos = System.nanoTime();
    watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        if (rivulet.tasks().size() >= expectedTasks && rivulet.allTasksRunning()) {
          long now = System.nanoTime();
          long restoreMs = firstRestore.get() == 0 ? 0
              : (lastRestore.get() - firstRestore.get()) / 1_000_000;
          ContenderMain.say("TASKS_RUNNING " + (now - startNanos) / 1_000_000 + " " + restoreMs
              + " " + restored.get());
          return;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "tasks-running-watcher");
    watcher.setDaemon(true);
  }

  static RivuletCount start(ContenderArgs args) {
    RivuletCount count = new RivuletCount(args);
    count.watcher.start();
    count.rivulet.start();
    if (args.reportAssignment()) {
      AssignmentReporter.start(count::assignment);
    }
    return count;
  }

  /** Processing tasks (running or paused, not restoring) and standby/warm-up replicas. */
  private AssignmentReporter.Assignment assignment() {
    List<Integer> active = new ArrayList<>();
    List<Integer> standby = new ArrayList<>();
    for (TaskInfo t : rivulet.tasks()) {
      switch (t.state()) {
        case RUNNING, PAUSED -> active.add(t.partition());
        case STANDBY, WARMUP -> standby.add(t.partition());
        default -> { }
      }
    }
    return new AssignmentReporter.Assignment(active, standby);
  }

  @Override
  public void close() {
    watcher.interrupt();
    rivulet.close(Duration.ofSeconds(30));
  }
}
