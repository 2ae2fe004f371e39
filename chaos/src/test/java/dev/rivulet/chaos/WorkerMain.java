package dev.rivulet.chaos;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.runtime.RivuletRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker: one Rivulet runtime in its own JVM, so that the nemesis can SIGKILL and SIGSTOP it.
 * Args: {@code bootstrap applicationId stateDir topicPrefix repartition groups guarantee keys
 * kafkaProps} where kafkaProps is {@code name=value,...}.
 *
 * <p>Prints (one line each, parsed by the harness, {@link WorkerPool}): {@code STATE s},
 * {@code RESTORE_START processor partition store n}, {@code RESTORED processor partition store n},
 * {@code METRICS name=value ...} every 500 ms, {@code FATAL message}, and on the stdin command
 * {@code DUMP} the committed state of every key it owns as {@code Q processor key json}, then
 * {@code DUMPED}; on {@code TASKS} a line {@code TASKS state processor:partition:state...}; on
 * {@code ARM} it arms the {@link CrashPoint}. The stdin command {@code STOP} closes the runtime
 * cleanly ({@code CLOSED}). With {@code -Dchaos.httpPort} it also serves the routed state query
 * API ({@link QueryServer}) and prints {@code HTTP port} once it does.
 */
public final class WorkerMain {
  private static final PrintStream OUT = new PrintStream(
      new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

  /** The processors' version: 1, or 2 after the rolling upgrade ({@code -Dchaos.version}). */
  static final int VERSION = Integer.getInteger("chaos.version", 1);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String app = args[1];
    Path stateDir = Path.of(args[2]);
    ChaosTopology.Topics topics = ChaosTopology.Topics.of(args[3]);
    boolean repartition = Boolean.parseBoolean(args[4]);
    int groups = Integer.parseInt(args[5]);
    ProcessingGuarantee guarantee = ProcessingGuarantee.valueOf(args[6]);
    int keys = Integer.parseInt(args[7]);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    RivuletBuilder builder = Rivulet.builder()
        .applicationId(app)
        .bootstrapServers(bootstrap)
        .stateDir(stateDir)
        .guarantee(guarantee)
        .startupTimeout(Duration.ofSeconds(60))
        .memory(8L << 20, 8L << 20)
        .threads(Integer.getInteger("chaos.threads", 1))
        .meterRegistry(metrics)
        .listener(new Printer());
    if (args.length > 8 && !args[8].isBlank()) {
      for (String kv : args[8].split(",")) {
        String[] p = kv.split("=", 2);
        builder.kafkaProperty(p[0], p[1]);
      }
    }
    if (QueryServer.PORT > 0) {
      builder.advertisedUrl(QueryServer.advertisedUrl());
    }
    if (args.length > 10) {
      builder.standbyReplicas(Integer.parseInt(args[9]))
          .acceptableRecoveryLag(Long.parseLong(args[10]))
          .probingRebalanceInterval(Duration.ofSeconds(5));
    }
    ChaosTopology.definitions(topics, repartition, groups, VERSION,
        Integer.getInteger("chaos.windowSeconds", 0), Long.getLong("chaos.ttlMillis", 0))
        .forEach(builder::processor);
    Rivulet rivulet = Boolean.getBoolean(OffsetsOutsideTransaction.PROPERTY)
        ? new RivuletRuntime(builder.config(), OffsetsOutsideTransaction::new)
        : builder.build();
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "metrics-printer");
      t.setDaemon(true);
      return t;
    });
    reporter.scheduleAtFixedRate(() -> printMetrics(metrics), 500, 500, TimeUnit.MILLISECONDS);
    rivulet.start();
    OUT.println("VERSION " + VERSION);
    OUT.println("STARTED");
    AtomicReference<ConfigurableApplicationContext> server = new AtomicReference<>();
    if (QueryServer.PORT > 0) {
      Thread serving = new Thread(() -> serve(rivulet, server), "query-server-start");
      serving.setDaemon(true);
      serving.start();
    }
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.equals("STOP")) {
        if (line.equals("DUMP")) {
          dump(rivulet, keys, groups, repartition);
        } else if (line.equals("TASKS")) {
          tasks(rivulet);
        } else if (line.equals("ARM")) {
          CrashPoint.arm();
          OUT.println("ARMED");
        } else if (line.startsWith("QUERY ")) {
          queryWhileRunning(rivulet, line.substring(6).split(" "));
        }
      }
    } catch (IOException e) {
      // the parent is gone: stop
    }
    ConfigurableApplicationContext context = server.get();
    if (context != null) {
      context.close();
    }
    rivulet.close(Duration.ofSeconds(30));
    printMetrics(metrics);
    OUT.println("CLOSED " + rivulet.state());
    System.exit(0);
  }

  /** Starts the {@link QueryServer}: {@code HTTP port} once it serves, or {@code FATAL}. */
  private static void serve(Rivulet rivulet,
      AtomicReference<ConfigurableApplicationContext> server) {
    try {
      server.set(QueryServer.start(rivulet));
      OUT.println("HTTP " + QueryServer.PORT);
    } catch (RuntimeException e) {
      OUT.println("FATAL query server: " + e.toString().replace('\n', ' '));
    }
  }

  private static void dump(Rivulet rivulet, int keys, int groups, boolean repartition) {
    for (int i = 0; i < keys; i++) {
      String key = Driver.key(i);
      rivulet.query(ChaosTopology.SEQUENCER, keyState(), key).ifPresent(s ->
          OUT.println("Q " + ChaosTopology.SEQUENCER + " " + key + " " + json(s)));
    }
    for (int g = 0; repartition && g < groups; g++) {
      String group = "g" + g;
      rivulet.query(ChaosTopology.GROUPER, ChaosTopology.GROUP_STATE, group).ifPresent(s ->
          OUT.println("Q " + ChaosTopology.GROUPER + " " + group + " " + json(s)));
    }
    replicaReads(rivulet, keys, groups, repartition);
    OUT.println("DUMPED " + rivulet.state() + " " + rivulet.tasks().size());
  }

  /**
   * Reads keys as a client would while faults go on: {@code QA active|replica key json} for each
   * answer from this worker's task or standby replica (no line when it has neither), {@code QE
   * active|replica key exception} for a read that failed.
   */
  private static void queryWhileRunning(Rivulet rivulet, String[] keys) {
    for (String key : keys) {
      try {
        rivulet.query(ChaosTopology.SEQUENCER, keyState(), key).ifPresent(s ->
            OUT.println("QA active " + key + " " + json(s)));
      } catch (RuntimeException e) {
        OUT.println("QE active " + key + " " + e.getClass().getSimpleName() + ": "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      try {
        int p = rivulet.partitionFor(ChaosTopology.SEQUENCER, key);
        rivulet.<String>replicaState(ChaosTopology.SEQUENCER, p)
            .map(state -> state.value(keyState(), key)).ifPresent(s ->
                OUT.println("QA replica " + key + " " + json(s)));
      } catch (RuntimeException e) {
        OUT.println("QE replica " + key + " " + e.getClass().getSimpleName() + ": "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
    }
  }

  /** The sequencer's store as this version declares it (version 2's JSON has one more field). */
  private static ValueStateSpec<?> keyState() {
    return VERSION == 2 ? ChaosTopology.KEY_STATE_V2 : ChaosTopology.KEY_STATE;
  }

  @SuppressWarnings("unchecked")
  private static String json(Object state) {
    JsonSerde<Object> serde = JsonSerde.of((Class<Object>) state.getClass());
    return new String(serde.serialize(null, state), StandardCharsets.UTF_8);
  }

  /**
   * {@code R processor key json}: stale reads from this worker's standby replicas, once they
   * have caught up (at most 30 s; a replica that cannot catch up answers what it has, and the
   * checker sees the difference).
   */
  private static void replicaReads(Rivulet rivulet, int keys, int groups, boolean repartition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && rivulet.tasks().stream()
        .anyMatch(t -> t.state().isReplica() && t.lag() != 0)) {
      sleep(100);
    }
    for (int i = 0; i < keys; i++) {
      String key = Driver.key(i);
      int p = rivulet.partitionFor(ChaosTopology.SEQUENCER, key);
      rivulet.<String>replicaState(ChaosTopology.SEQUENCER, p)
          .map(state -> state.value(keyState(), key)).ifPresent(s ->
              OUT.println("R " + ChaosTopology.SEQUENCER + " " + key + " " + json(s)));
    }
    for (int g = 0; repartition && g < groups; g++) {
      String group = "g" + g;
      int p = rivulet.partitionFor(ChaosTopology.GROUPER, group);
      rivulet.<String>replicaState(ChaosTopology.GROUPER, p)
          .map(state -> state.value(ChaosTopology.GROUP_STATE, group)).ifPresent(s ->
              OUT.println("R " + ChaosTopology.GROUPER + " " + group + " " + json(s)));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code TASKS <runtime state> processor:partition:state ...}. */
  private static void tasks(Rivulet rivulet) {
    StringBuilder b = new StringBuilder("TASKS ").append(rivulet.state());
    for (TaskInfo t : rivulet.tasks()) {
      b.append(' ').append(t.processorId()).append(':').append(t.partition()).append(':')
          .append(t.state());
    }
    OUT.println(b);
  }

  private static void printMetrics(SimpleMeterRegistry metrics) {
    OUT.println("METRICS"
        + " commits=" + sum(metrics, RivuletMetricNames.COMMITS)
        + " aborts=" + sum(metrics, RivuletMetricNames.ABORTS)
        + " fences=" + sum(metrics, RivuletMetricNames.FENCES)
        + " restored=" + sum(metrics, RivuletMetricNames.RESTORED)
        + " deadLettered=" + sum(metrics, RivuletMetricNames.RECORDS_DEAD_LETTERED)
        + " in=" + sum(metrics, RivuletMetricNames.RECORDS_IN));
  }

  private static long sum(SimpleMeterRegistry metrics, String name) {
    return (long) metrics.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static final class Printer implements RivuletListener {
    @Override
    public void onStateChange(RuntimeState from, RuntimeState to) {
      OUT.println("STATE " + to);
    }

    @Override
    public void onRestoreStart(String processorId, int partition, String store, long toRestore) {
      OUT.println("RESTORE_START " + processorId + " " + partition + " " + store + " " + toRestore);
    }

    @Override
    public void onRestoreEnd(String processorId, int partition, String store, long restored) {
      OUT.println("RESTORED " + processorId + " " + partition + " " + store + " " + restored);
    }

    @Override
    public void onFatalError(Throwable error) {
      OUT.println("FATAL " + error.toString().replace('\n', ' '));
    }
  }
}
