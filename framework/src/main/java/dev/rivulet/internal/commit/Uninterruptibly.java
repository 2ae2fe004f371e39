package dev.rivulet.internal.commit;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the commit thread's work, which must end before the worker may go on. */
final class Uninterruptibly {
  private Uninterruptibly() {}

  /**
   * The result of {@code future}, waiting through interrupts (re-asserted afterwards); a failure
   * is rethrown as it was thrown on the other thread.
   */
  static <T> T get(Future<T> future) {
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
