package dev.rivulet.internal.commit;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a helper thread's work (commit, RocksDB apply) that must end before the worker goes on. */
public final class Uninterruptibly {
  private Uninterruptibly() {}

  /**
   * The result of {@code future}, waiting through interrupts (re-asserted afterwards); a failure
   * is rethrown as it was thrown on the other thread.
   */
  public static <T> T get(Future<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
