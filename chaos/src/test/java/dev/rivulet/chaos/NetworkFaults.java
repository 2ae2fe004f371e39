package dev.rivulet.chaos;

import java.time.Duration;
import java.util.Random;

/**
 * The nemesis's network faults, carried out on one worker's {@link NetConditions}. A blackhole lasts
 * longer than the session timeout (so the group moves the worker's partitions away) and longer
 * than the transaction timeout (so the broker aborts its open transaction and bumps its epoch);
 * after the heal the worker must find itself fenced, commit nothing for partitions it lost, and
 * rejoin. What the worker's metrics say about it goes into the fault's line of the report.
 */
final class NetworkFaults {
  /** How long a blackhole lasts: past the session timeout, which is past the txn timeout. */
  static final Duration BLACKHOLE = ClientTimeouts.RUN.blackhole();
  /** How long added latency lasts. */
  static final Duration LATENCY_FOR = Duration.ofSeconds(15);
  /** How long an armed commit blackhole waits for a commit before it gives up. */
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(15);
  /** How the report line of a commit blackhole that went off begins. */
  static final String COMMIT_CUT = "broker -> worker cut as an EndTxn reached the broker";

  private final WorkerPool pool;
  private final Network network;
  private final Random random;

  NetworkFaults(WorkerPool pool, Network network, Random random) {
    this.pool = pool;
    this.network = network;
    this.random = random;
  }

  /** Carries out {@code kind} on the worker in {@code slot}; returns the detail to report. */
  String run(FaultKind kind, int slot) throws InterruptedException {
    NetConditions net = network.conditions(slot);
    ForkedJvm w = pool.get(slot);
    long fences = metric(w, "fences");
    long aborts = metric(w, "aborts");
    String what = switch (kind) {
      case NET_PARTITION -> {
        net.blackhole(true, true);
        Thread.sleep(BLACKHOLE.toMillis());
        yield "both ways for " + BLACKHOLE.toMillis() + " ms";
      }
      case NET_REQUESTS_LOST -> {
        net.blackhole(true, false);
        Thread.sleep(BLACKHOLE.toMillis());
        yield "worker -> broker for " + BLACKHOLE.toMillis() + " ms";
      }
      case NET_COMMIT_OUTCOME_LOST -> commitOutcomeLost(net);
      case NET_LATENCY -> {
        long millis = 50 + random.nextInt(200);
        net.latency(millis);
        Thread.sleep(LATENCY_FOR.toMillis());
        yield "+" + millis + " ms each way for " + LATENCY_FOR.toMillis() + " ms";
      }
      case NET_RESET -> "reset " + network.reset(slot) + " connections";
      default -> throw new IllegalArgumentException(kind + " is not a network fault");
    };
    net.heal();
    boolean blackhole = kind != FaultKind.NET_LATENCY && kind != FaultKind.NET_RESET;
    return what + "; " + aftermath(w, fences, aborts, blackhole ? Duration.ofSeconds(20)
        : Duration.ofSeconds(2));
  }

  private String commitOutcomeLost(NetConditions net) throws InterruptedException {
    int before = net.commitsCut();
    net.armCommitBlackhole();
    long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
    while (net.commitsCut() == before && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (net.commitsCut() == before) {
      return "no commit passed within " + COMMIT_WAIT.toSeconds() + " s (nothing cut)";
    }
    Thread.sleep(BLACKHOLE.toMillis());
    return COMMIT_CUT + ", for " + BLACKHOLE.toMillis() + " ms";
  }

  /**
   * Waits (at most {@code upTo}) for the worker to report a fence after the heal; says whether it
   * was fenced, aborted, and is still alive.
   */
  private static String aftermath(ForkedJvm w, long fencesBefore, long abortsBefore,
      Duration upTo) throws InterruptedException {
    long fences = WorkerPool.awaitFence(w, fencesBefore, upTo);
    return "fences of this worker " + fencesBefore + " -> " + fences + ", aborts " + abortsBefore
        + " -> " + metric(w, "aborts") + (w.isAlive() ? "" : "; it DIED");
  }

  private static long metric(ForkedJvm w, String name) {
    return WorkerPool.lastMetric(w, name);
  }
}
