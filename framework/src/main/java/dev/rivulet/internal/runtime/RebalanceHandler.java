package dev.rivulet.internal.runtime;

import dev.rivulet.internal.commit.CommitAbortedException;
import dev.rivulet.internal.commit.TaskMigratedException;
import dev.rivulet.internal.task.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's rebalance callbacks; they run inside {@code poll} on the worker thread. Revoked
 * tasks are committed, then closed; lost tasks are closed without commit and the open
 * transaction, which may hold work of every task, is aborted; assigned partitions become tasks
 * that restore before they process.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(RebalanceHandler.class);

  private final StreamWorker worker;

  RebalanceHandler(StreamWorker worker) {
    this.worker = worker;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    List<Task<?, ?, ?>> revoked = worker.tasksOf(partitions);
    if (revoked.isEmpty()) {
      return;
    }
    try {
      try {
        worker.commit();
      } catch (CommitAbortedException e) {
        worker.rewind(worker.tasks());
      }
    } catch (TaskMigratedException e) {
      worker.fenced();
      startOver(e, "committing revoked partitions " + partitions);
      return;
    } catch (RetriableException e) {
      startOver(e, "committing revoked partitions " + partitions);
      return;
    }
    for (Task<?, ?, ?> task : revoked) {
      worker.close(task); // nothing uncommitted left after a successful commit
    }
    log.info("Worker {} handed over {} (committed and closed)", worker.name(),
        revoked.stream().map(Task::id).toList());
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    log.warn("Worker {} lost partitions {}: closing their tasks without commit", worker.name(),
        partitions);
    worker.fenced();
    worker.abortOpenWork();
    worker.closeDirty(worker.tasksOf(partitions));
    try {
      worker.rewind(worker.tasks());
    } catch (RetriableException e) {
      startOver(e, "rewinding after losing partitions " + partitions);
    }
  }

  /**
   * Closes every task without commit and has the worker rejoin the group once poll returns. Not
   * thrown from here: poll would rethrow it wrapped (the worker would stop), and partitions the
   * group lets this worker keep are never reported as assigned again, so they would stay owned
   * with no task to run them.
   */
  private void startOver(RuntimeException cause, String during) {
    log.warn("Worker {}: {} while {}; closing all tasks without commit and rejoining",
        worker.name(), cause.toString(), during);
    worker.closeDirty(new ArrayList<>(worker.tasks()));
    worker.abortOpenWork();
    worker.rejoinAfterPoll();
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    // also when nothing is new: an instance given only replicas (or nothing) is no longer
    // rebalancing, and its state must say so
    worker.createTasks(partitions);
  }
}
