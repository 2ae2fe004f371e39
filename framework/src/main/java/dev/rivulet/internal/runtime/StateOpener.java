package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StoreNames;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the instance's state on its own thread while the runtime checks its topics: loading
 * RocksDB's native library and opening the database take ~0.3 s here, as long as the topic checks,
 * and neither needs the other.
 */
final class StateOpener {
  private static final Logger log = LoggerFactory.getLogger(StateOpener.class);
  private final StartupStep<StateEnvironment> opening;

  StateOpener(RivuletConfig config) {
    List<String> storeIds = StoreNames.storeIds(config.processors());
    opening = new StartupStep<>("rivulet-" + config.applicationId() + "-state-open", () -> {
      long start = System.nanoTime();
      StateEnvironment env = new StateEnvironment(config.stateDir(), storeIds,
          config.blockCacheBytes(), config.writeBufferBytes());
      log.info("State in {} opened in {} ms", config.stateDir(),
          (System.nanoTime() - start) / 1_000_000);
      return env;
    });
  }

  /** The opened state; rethrows what opening it threw. */
  StateEnvironment await() {
    return opening.await();
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
