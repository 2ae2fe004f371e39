package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.TaskInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A runtime's worker threads: started together, stopped together within a deadline. */
final class WorkerThreads {
  private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

  private final List<StreamWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  /** Adds a worker on its own (non-daemon) thread, not started yet. */
  void add(StreamWorker worker) {
    workers.add(worker);
    Thread thread = new Thread(worker, worker.name());
    thread.setDaemon(false);
    threads.add(thread);
  }

  void startAll() {
    threads.forEach(Thread::start);
  }

  /** Every worker's tasks and replicas (any thread). */
  List<TaskInfo> snapshot() {
    List<TaskInfo> out = new ArrayList<>();
    workers.forEach(w -> out.addAll(w.snapshot()));
    return out;
  }

  /**
   * Asks every worker to stop and waits for them up to {@code timeout}; returns whether all of
   * them stopped (only then may what they use be closed).
   */
  boolean stopAll(Duration timeout) {
    workers.forEach(StreamWorker::stop);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (t.isAlive()) {
        log.warn("Worker {} did not stop within {}", t.getName(), timeout);
      }
    }
    return threads.stream().noneMatch(Thread::isAlive);
  }
}
