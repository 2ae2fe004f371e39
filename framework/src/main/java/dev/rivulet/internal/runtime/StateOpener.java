package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RivuletConfig;
import dev.rivulet.internal.state.StateEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens the instance's state on its own thread while the runtime checks its topics: loading
 * RocksDB's native library and opening the database take ~0.3 s here, as long as the topic checks,
 * and neither needs the other.
 */
final class StateOpener {
  private final CompletableFuture<StateEnvironment> opening = new CompletableFuture<>();

  StateOpener(RivuletConfig config) {
    List<String> storeIds = new ArrayList<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      InternalTopics.storeNames(d).forEach(s -> storeIds.add(InternalTopics.storeId(d.id(), s)));
    }
    Thread thread = new Thread(() -> {
      try {
        opening.complete(new StateEnvironment(config.stateDir(), storeIds,
            config.blockCacheBytes(), config.writeBufferBytes()));
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    }, "rivulet-" + config.applicationId() + "-state-open");
    thread.setDaemon(true);
    thread.start();
  }

  /** The opened state; rethrows what opening it threw. */
  StateEnvironment await() {
    try {
      return opening.join();
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

  /** Closes the state once opened (startup failed elsewhere); failures to open are ignored. */
  void closeQuietly() {
    try {
      await().close();
    } catch (RuntimeException ignored) {
      // it did not open: nothing to close, and the startup failure is reported already
    }
  }
}
