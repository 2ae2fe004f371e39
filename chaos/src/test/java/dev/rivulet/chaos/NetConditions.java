package dev.rivulet.chaos;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The state of one worker's network, shared by its {@link NetProxy proxies} (one per broker), so
 * that a fault hits every connection of the worker at once: which directions are held, how much
 * latency is added, and whether the next transaction commit cuts the answers.
 */
final class NetConditions {
  private final AtomicBoolean toBrokerBlocked = new AtomicBoolean();
  private final AtomicBoolean toWorkerBlocked = new AtomicBoolean();
  private final AtomicBoolean commitArmed = new AtomicBoolean();
  private final AtomicInteger commitsCut = new AtomicInteger();
  private final AtomicLong latencyMillis = new AtomicLong();
  private final Object gate = new Object();

  /** Holds the bytes of the chosen directions until {@link #heal()}. */
  void blackhole(boolean toBroker, boolean toWorker) {
    toBrokerBlocked.set(toBroker);
    toWorkerBlocked.set(toWorker);
    wake();
  }

  /**
   * Cuts the broker's answers from the moment the next {@code EndTxn} request has been passed
   * to a broker, until {@link #heal()}.
   */
  void armCommitBlackhole() {
    commitArmed.set(true);
  }

  /** Times an armed commit blackhole went off. */
  int commitsCut() {
    return commitsCut.get();
  }

  /** Delays every chunk of bytes in both directions by this much. */
  void latency(long millis) {
    latencyMillis.set(millis);
  }

  long latencyMillis() {
    return latencyMillis.get();
  }

  /** Everything flows again at full speed; held bytes are delivered in order. */
  void heal() {
    commitArmed.set(false);
    latencyMillis.set(0);
    toBrokerBlocked.set(false);
    toWorkerBlocked.set(false);
    wake();
  }

  /** An {@code EndTxn} request is about to pass to a broker: an armed cut goes off now. */
  void commitPassing() {
    if (commitArmed.compareAndSet(true, false)) {
      toWorkerBlocked.set(true);
      commitsCut.incrementAndGet();
    }
  }

  /** Waits while the direction is held (or until {@code closed}). */
  void awaitOpen(boolean toBroker, BooleanSupplier closed) throws InterruptedException {
    AtomicBoolean blocked = toBroker ? toBrokerBlocked : toWorkerBlocked;
    synchronized (gate) {
      while (blocked.get() && !closed.getAsBoolean()) {
        gate.wait(100);
      }
    }
  }

  private void wake() {
    synchronized (gate) {
      gate.notifyAll();
    }
  }
}
