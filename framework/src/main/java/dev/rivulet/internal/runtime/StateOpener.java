package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StoreNames;
import java.util.List;

/**
 * Opens the instance's state on its own thread while the runtime checks its topics: loading
 * RocksDB's native library and opening the database take ~0.3 s here, as long as the topic checks,
 * and neither needs the other.
 */
final class StateOpener {
  private final StartupStep<StateEnvironment> opening;

  StateOpener(RivuletConfig config) {
    List<String> storeIds = StoreNames.storeIds(config.processors());
    opening = new StartupStep<>("rivulet-" + config.applicationId() + "-state-open",
        () -> new StateEnvironment(config.stateDir(), storeIds, config.blockCacheBytes(),
            config.writeBufferBytes()));
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
