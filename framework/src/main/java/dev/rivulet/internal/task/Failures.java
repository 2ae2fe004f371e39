package dev.rivulet.internal.task;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Which failures of a processor follow its error policy. Exceptions and most {@link Error}s do:
 * an {@link AssertionError}, a {@link StackOverflowError} from deep recursion on one odd record,
 * an error type of the application's own are properties of the record at hand. What says the
 * process itself is broken does not: a {@link VirtualMachineError} other than stack overflow
 * ({@link OutOfMemoryError}, {@link InternalError}) and a {@link LinkageError} (a class that
 * failed to load or initialize fails every record after it). Those stop the worker, its
 * transaction is aborted and the runtime goes to {@code ERROR}; no record is skipped or
 * dead-lettered for them.
 */
final class Failures {
  private Failures() {}

  static boolean isFatal(Throwable t) {
    return (t instanceof VirtualMachineError && !(t instanceof StackOverflowError))
        || t instanceof LinkageError;
  }

  /** Rethrows a fatal error as it is; anything else returns. */
  static void rethrowIfFatal(Throwable t, TaskId task,
      @Nullable ConsumerRecord<byte[], byte[]> record) {
    if (isFatal(t)) {
      if (record != null) {
        t.addSuppressed(new IllegalStateException("Task " + task + " was processing "
            + record.topic() + "-" + record.partition() + "@" + record.offset()));
      }
      throw (Error) t;
    }
  }
}
