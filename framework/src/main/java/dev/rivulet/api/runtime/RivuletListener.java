package dev.rivulet.api.runtime;

/**
 * Callbacks about a runtime's state and restore progress. Called on worker threads (restore
 * callbacks) or the thread changing the state; implementations must be fast and thread-safe.
 */
public interface RivuletListener {

  /** The runtime moved from {@code from} to {@code to}. */
  default void onStateChange(RuntimeState from, RuntimeState to) {}

  /** A store of a task begins restoring {@code toRestore} changelog records. */
  default void onRestoreStart(String processorId, int partition, String store, long toRestore) {}

  /** A batch of a restore was applied. */
  default void onRestoreProgress(
      String processorId, int partition, String store, long restored, long remaining) {}

  /** A store finished restoring; {@code restored} records in total (0 after a clean stop). */
  default void onRestoreEnd(String processorId, int partition, String store, long restored) {}

  /** A worker stopped on a fatal error; the runtime is in {@code ERROR}. */
  default void onFatalError(Throwable error) {}
}
