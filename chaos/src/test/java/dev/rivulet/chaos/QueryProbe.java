package dev.rivulet.chaos;

import java.util.Random;
import java.util.StringJoiner;

/**
 * A client that keeps reading while the nemesis works: every second it asks each running worker
 * for a few random keys ({@code QUERY}), from its tasks and its standby replicas. The answers
 * ({@code QA}, {@code QE} lines) are checked afterwards against every state each key went
 * through ({@link DumpChecks#readsDuringFaults}).
 */
final class QueryProbe implements AutoCloseable {
  private static final int KEYS_PER_READ = 10;

  private final WorkerPool pool;
  private final int keys;
  private final Random random;
  private final Thread thread;
  private volatile boolean running = true;

  QueryProbe(WorkerPool pool, int keys, long seed) {
    this.pool = pool;
    this.keys = keys;
    this.random = new Random(seed ^ 0x51AB5L);
    this.thread = new Thread(this::loop, "chaos-query-probe");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    while (running) {
      for (int slot : pool.runningSlots()) {
        ForkedJvm w = pool.get(slot);
        if (w != null && w.isAlive()) {
          StringJoiner command = new StringJoiner(" ", "QUERY ", "");
          for (int i = 0; i < KEYS_PER_READ; i++) {
            command.add(Driver.key(random.nextInt(keys)));
          }
          w.send(command.toString());
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
