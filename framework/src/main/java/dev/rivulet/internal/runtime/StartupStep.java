package dev.rivulet.internal.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A piece of start-up work on its own daemon thread (opening the state, checking the topics),
 * while the runtime does the rest; {@link #await} returns its result or rethrows what it threw.
 */
final class StartupStep<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();

  StartupStep(String threadName, Supplier<T> work) {
    Thread thread = new Thread(() -> {
      try {
        result.complete(work.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** The result; rethrows the step's failure as it was thrown. */
  T await() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
