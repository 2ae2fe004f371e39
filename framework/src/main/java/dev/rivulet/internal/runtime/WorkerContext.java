package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.RivuletConfig;
import java.util.Collection;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/** What a worker reports to and asks of its runtime. Thread-safe. */
interface WorkerContext {
  RivuletConfig config();

  boolean isPaused(String processorId);

  /**
   * Blocks until the runtime's start-up topic checks are done (workers join the group while they
   * run); false if they failed, in which case the worker is being stopped and creates no tasks.
   */
  boolean awaitTopicsChecked();

  /** A worker's task set or a task's state changed (assignment, restore done). */
  void tasksChanged();

  /** A worker stopped on a fatal error. */
  void fatal(String worker, Throwable error);

  void workerStopped(String worker);

  /** Whether any of some changelog partitions has a transaction open ({@link OpenTransactions}). */
  Predicate<Collection<TopicPartition>> openTransactions();
}
