package dev.rivulet.api;

/**
 * User logic for one processor: called once per input record with the record's value and a
 * context scoped to the record's key.
 *
 * <p><b>Threading:</b> a processor instance is called by one worker thread at a time for a given
 * task. When a definition is built from a single shared instance (as Spring beans are), different
 * tasks may call it concurrently from different worker threads, so keep per-key data in
 * {@link KeyedContext#state state}, never in fields.
 *
 * <p><b>Lifecycle:</b> per task, {@link #open} once its state is restored, then records and
 * timers, then {@link #close} when the task closes.
 *
 * <p><b>Errors:</b> an exception thrown from {@link #process} follows the processor's
 * {@link ErrorPolicy}; the record's state writes and emits are discarded first, so a failed record
 * leaves no partial trace.
 *
 * @param <K> input key type
 * @param <V> input value type
 * @param <O> value type of the default output
 */
@FunctionalInterface
public interface KeyedProcessor<K, V, O> {

  /**
   * Processes one record.
   *
   * @param value the deserialized value; {@code null} for a tombstone
   * @param ctx the context, valid only during this call (do not keep it)
   */
  void process(V value, KeyedContext<K, O> ctx);

  /**
   * Called when a timer registered through {@link KeyedContext#timers()} fires, with the context
   * scoped to the timer's key. Outputs, state changes and the timer's deletion commit together.
   *
   * @param time the time the timer was registered for (event time or wall-clock millis)
   * @param ctx the context for the timer's key, valid only during this call
   */
  default void onTimer(long time, KeyedContext<K, O> ctx) {}

  /**
   * Called when a timer fires, with the clock it was registered on. The default calls
   * {@link #onTimer(long, KeyedContext)}; override this one when event-time and processing-time
   * timers need different handling.
   *
   * @param time the time the timer was registered for
   * @param domain which clock fired it
   * @param ctx the context for the timer's key, valid only during this call
   */
  default void onTimer(long time, TimeDomain domain, KeyedContext<K, O> ctx) {
    onTimer(time, ctx);
  }

  /**
   * Called on the task's worker thread once the task's state is restored, before its first
   * record or timer. A processor instance shared by several tasks is opened once per task.
   * An exception stops the worker (the task cannot run).
   *
   * @param partition the task's partition
   */
  default void open(int partition) {}

  /**
   * Called on the task's worker thread when the task closes (partition revoked or lost, or
   * shutdown), after its last record; not called for a task that never opened. Exceptions are
   * logged and ignored.
   *
   * @param partition the task's partition
   */
  default void close(int partition) {}
}
