package dev.rivulet.api;

/**
 * Timers of the current key. A timer is identified by (key, time, domain): registering the same
 * one twice keeps one. Timers live in the task's state, are changelogged and survive restarts and
 * rebalances; under exactly-once a firing, its outputs and its deletion commit together.
 *
 * <p>Valid only during the call that obtained it. Called on the task's worker thread.
 */
public interface Timers {

  /** Registers an event-time timer: fires once the task's watermark reaches {@code time}. */
  void eventTime(long time);

  /** Registers a processing-time timer: fires once the wall clock reaches {@code time}. */
  void processingTime(long time);

  /** Deletes an event-time timer of the current key; no-op if absent. */
  void deleteEventTime(long time);

  /** Deletes a processing-time timer of the current key; no-op if absent. */
  void deleteProcessingTime(long time);
}
