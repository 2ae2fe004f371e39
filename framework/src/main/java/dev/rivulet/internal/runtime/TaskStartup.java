package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.commit.Committer;
import dev.rivulet.internal.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's tasks on their way from assignment to running: created inside poll, they start
 * restoring their stores from the changelogs once the loop is back from it; restored, they run
 * once their input positions are aligned with their state ({@link PositionGuard}), and a restore
 * that may have stopped short goes on first. Confined to the worker thread.
 */
final class TaskStartup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskStartup.class);
  private final Consumer<byte[], byte[]> consumer;
  private final Committer committer;
  private final Restorer restorer;
  private final PositionGuard positions;
  private final WorkerContext context;
  /** Tasks created by the last assignment, restored once the loop is back from poll. */
  private final List<Task<?, ?, ?>> toRestore = new ArrayList<>();
  /** When each task on its way was assigned (nanoTime): its start logs how long it took. */
  private final Map<Task<?, ?, ?>, Long> assignedAt = new IdentityHashMap<>();

  TaskStartup(Consumer<byte[], byte[]> consumer, Committer committer, Restorer restorer,
      PositionGuard positions, WorkerContext context) {
    this.consumer = consumer;
    this.committer = committer;
    this.restorer = restorer;
    this.positions = positions;
    this.context = context;
  }

  /** Tasks an assignment created (their inputs paused): they restore after poll. */
  void created(Collection<Task<?, ?, ?>> tasks) {
    toRestore.addAll(tasks);
    long now = System.nanoTime();
    tasks.forEach(t -> assignedAt.put(t, now));
  }

  boolean isRestoring() {
    return restorer.isRestoring();
  }

  /**
   * Starts restoring the tasks created by the last poll's assignment, once the committer is
   * ready: a transaction this worker left open (its producer was dropped after a fence, a failed
   * abort or a stale generation) holds back the changelogs' last stable offset, and a restore
   * up to it would miss what other owners committed after it.
   */
  void startRestores() {
    if (toRestore.isEmpty()) {
      return;
    }
    long waited = System.nanoTime();
    committer.awaitReady();
    List<Task<?, ?, ?>> starting = new ArrayList<>(toRestore);
    toRestore.clear();
    if (log.isDebugEnabled()) {
      log.debug("Tasks {} begin restoring, {} ms after they were assigned ({} ms waiting for the "
          + "committer)", starting.stream().map(Task::id).toList(),
          sinceAssigned(starting.get(0)), (System.nanoTime() - waited) / 1_000_000);
    }
    restorer.add(starting).forEach(this::restoreDone); // those with nothing to restore
  }

  /** Restores a batch (waiting up to 20 ms while restores run), then starts aligned tasks. */
  void restoreAndStart() {
    restorer.step(Duration.ofMillis(restorer.isRestoring() ? 20 : 0), this::restoreDone);
    positions.startAligned(this::start, this::restoreOn);
  }

  /** A task that is going away: its restore, if any, stops. */
  void forget(Task<?, ?, ?> task) {
    toRestore.remove(task);
    assignedAt.remove(task);
    restorer.remove(task);
    positions.forget(task);
  }

  /** Restored: the task runs once its input positions are aligned with its state. */
  private void restoreDone(Task<?, ?, ?> task) {
    if (log.isDebugEnabled()) {
      log.debug("Task {} restored, {} ms after it was assigned", task.id(), sinceAssigned(task));
    }
    task.restored();
    positions.await(task); // started by the loop: one look-up per loop, not one per task
  }

  /** A restore that may have stopped short goes on from where it stopped. */
  private void restoreOn(Task<?, ?, ?> task) {
    restorer.add(List.of(task)).forEach(this::restoreDone);
  }

  private void start(Task<?, ?, ?> task) {
    task.transitionTo(TaskState.RUNNING);
    consumer.resume(task.inputs());
    context.tasksChanged();
    long since = sinceAssigned(task);
    if (assignedAt.remove(task) != null) {
      log.info("Task {} running, {} ms after it was assigned", task.id(), since);
    }
  }

  /** Milliseconds since the task was assigned, or -1 if it is not on its way. */
  private long sinceAssigned(Task<?, ?, ?> task) {
    Long since = assignedAt.get(task);
    return since == null ? -1 : (System.nanoTime() - since) / 1_000_000;
  }

  @Override
  public void close() {
    restorer.close();
  }
}
