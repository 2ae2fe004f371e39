package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.commit.CommitAbortedException;
import dev.rivulet.internal.commit.Committer;
import dev.rivulet.internal.commit.TaskMigratedException;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.task.Task;
import dev.rivulet.internal.task.TaskId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread: a consumer in the application's group, a committer (the transactional
 * producer under exactly-once), a restorer, and the tasks of the partitions assigned to it.
 *
 * <p>Loop: poll → restore a batch → process records task by task → fire due timers → send the
 * new state writes to the changelogs → commit once per commit interval. Rebalances (cooperative):
 * revoked tasks are committed and closed, lost ones closed without commit, new ones restore.
 */
final class StreamWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);
  private static final int TIMERS_PER_LOOP = 10_000;
  /** Aborts in a row (no successful commit between) after which the worker stops. */
  private static final int MAX_CONSECUTIVE_ABORTS = 10;

  private final String name;
  private final WorkerContext context;
  private final Consumer<byte[], byte[]> consumer;
  private final Committer committer;
  private final TaskStartup startup;
  private final TaskFactory factory;
  private final List<String> topics;
  private final WorkerTasks tasks = new WorkerTasks();
  private final CommitCycle commits;
  private final Counter fences;
  private final WorkerReplicas replicas;
  private final PositionGuard positions;
  private final RowCache rowCache;
  private volatile boolean running = true;
  private final CommitClock commitClock;
  private final PauseControl pauses;
  /** A rebalance callback closed every task; the consumer may still own some partitions. */
  private boolean rejoinAfterPoll;
  /** Whether the committer was asked to fetch the written topics' metadata (once). */
  private boolean metadataPrefetched;

  StreamWorker(String name, WorkerContext context, Consumer<byte[], byte[]> consumer,
      Committer committer, Restorer restorer, StateEnvironment env, TaskFactory factory,
      Timer commitLatency, Counter fences, WorkerReplicas replicas) {
    this.name = name;
    this.context = context;
    this.consumer = consumer;
    this.committer = committer;
    this.factory = factory;
    this.commits = new CommitCycle(consumer, committer, env, commitLatency);
    this.commitClock = new CommitClock(context.config().commitInterval(), System.nanoTime());
    this.pauses = new PauseControl(consumer, context);
    this.fences = fences;
    this.replicas = replicas;
    this.topics = new ArrayList<>(TopicSetup.allInputs(context.config()));
    this.rowCache = new RowCache(context.config().stateCacheBytes() / context.config().threads());
    // the guard needs input positions committed with the state: only a transactional commit
    this.positions = new PositionGuard(consumer, committer.offsetsInTransaction(),
        context.openTransactions());
    this.startup = new TaskStartup(consumer, committer, restorer, positions, context);
  }

  String name() {
    return name;
  }

  Collection<Task<?, ?, ?>> tasks() {
    return tasks.all();
  }

  /** Snapshots of the worker's tasks and replicas (any thread). */
  List<TaskInfo> snapshot() {
    List<TaskInfo> out = tasks.snapshot(name);
    out.addAll(replicas.snapshot(name));
    return out;
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    Thread.currentThread().setName(name);
    boolean clean = false;
    try {
      consumer.subscribe(topics, new RebalanceHandler(this));
      while (running) {
        loopOnce();
      }
      commitOrAbort();
      clean = true;
    } catch (WakeupException e) {
      if (!running) {
        commitOrAbort();
        clean = true;
      } else {
        context.fatal(name, e);
      }
    } catch (Throwable t) {
      log.error("Worker {} stopped on a fatal error", name, t);
      context.fatal(name, t);
    } finally {
      shutdown(clean);
    }
  }

  private void loopOnce() {
    try {
      // inside the try: rebalance callbacks run in poll and may hit a broker outage. While tasks
      // restore, the main poll must not block (the restore poll below waits instead); a
      // rebalance still completes over successive non-blocking polls. Nor past a due commit
      ConsumerRecords<byte[], byte[]> records = consumer.poll(startup.isRestoring()
          ? Duration.ZERO : commitClock.pollWait(System.nanoTime()));
      if (rejoinAfterPoll) {
        resetAll(); // kept partitions would otherwise stay owned with no task to run them
        return;
      }
      replicas.rejoinIfFollowUpDue(consumer);
      startup.startRestores();
      replicas.step(consumer);
      startup.restoreAndStart();
      process(records);
      pauses.reconcile(tasks.all());
      pauses.refreshLag(tasks.all(), System.nanoTime());
      for (Task<?, ?, ?> task : tasks.all()) {
        if (task.state() == TaskState.RUNNING) {
          task.fireTimers(TIMERS_PER_LOOP);
          // the changelog travels during the interval instead of all at the commit
          task.stateManager().sendNewWrites(committer);
        }
      }
      long now = System.nanoTime();
      // not once a commit failed as stale during the consumer's rejoin, until it completes
      if (commitClock.isDue(now) && !replicas.deferCommit(now)) {
        commitClock.started(now);
        commits.commit(tasks.all());
      }
    } catch (TaskMigratedException e) {
      if (e.staleGeneration() && replicas.staleWhileJoining(System.nanoTime())) {
        // the group moved to the generation this consumer is rejoining for: nothing is lost
        // but the interval, and the assignment the join brings says what moves
        log.info("Worker {}: commit during the group's rebalance carried the old generation; "
            + "redoing the interval once the rejoin completes", name);
        rewindOrReset();
      } else {
        handleMigrated(e);
      }
    } catch (RetriableException e) {
      // e.g. the broker was unreachable for longer than a client timeout: start over from the
      // committed state (local stores are committed state, so only tails are replayed)
      log.warn("Worker {}: {}; closing tasks without commit and rejoining", name, e.toString());
      resetAll();
    } catch (CommitAbortedException e) {
      int inARow = commits.aborted();
      if (inARow >= MAX_CONSECUTIVE_ABORTS) {
        // the same work keeps failing: stop instead of looping (health goes DOWN)
        throw new IllegalStateException("Worker " + name + ": " + inARow
            + " commits in a row failed; last cause: " + e.getMessage(), e);
      }
      log.warn("Worker {}: {}; rewinding tasks to their committed offsets", name, e.getMessage());
      rewindOrReset();
    }
  }

  private void rewindOrReset() {
    try {
      rewind(tasks.all());
    } catch (RetriableException retriable) {
      resetAll();
    }
  }

  private void process(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
      List<Task<?, ?, ?>> consumers = tasks.reading(tp);
      boolean allRunning = !consumers.isEmpty()
          && consumers.stream().allMatch(t -> t.state() == TaskState.RUNNING);
      if (!allRunning) {
        // fetched before the task paused: read these again once it runs
        consumer.seek(tp, batch.get(0).offset());
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        for (Task<?, ?, ?> task : consumers) {
          task.process(record);
        }
      }
    }
  }

  /** Commits every running task's work now and waits for it (rebalance, shutdown). */
  void commit() {
    commits.commit(tasks.all());
    commitClock.restart(System.nanoTime());
  }

  private void commitOrAbort() {
    try {
      commit();
    } catch (RuntimeException e) {
      log.warn("Worker {}: final commit failed ({}); open work aborted", name, e.toString());
      committer.abort();
    }
  }

  void rewind(Collection<Task<?, ?, ?>> toRewind) {
    committer.abort();
    List<Task<?, ?, ?>> active = new ArrayList<>();
    for (Task<?, ?, ?> task : toRewind) {
      task.discardUncommitted();
      if (task.state() == TaskState.RUNNING || task.state() == TaskState.PAUSED) {
        active.add(task);
      }
    }
    positions.rewind(active);
  }

  private void handleMigrated(TaskMigratedException e) {
    log.warn("Worker {}: {}; closing all tasks without commit and rejoining", name, e.getMessage());
    fences.increment();
    resetAll();
  }

  private void resetAll() {
    rejoinAfterPoll = false;
    closeDirty(new ArrayList<>(tasks.all()));
    abortOpenWork();
    consumer.unsubscribe();
    consumer.subscribe(topics, new RebalanceHandler(this));
  }

  void closeDirty(Collection<Task<?, ?, ?>> lost) {
    for (Task<?, ?, ?> task : lost) {
      close(task);
    }
  }

  /** Stops a task's restore, drops its uncommitted work and removes it. */
  void close(Task<?, ?, ?> task) {
    startup.forget(task);
    task.discardUncommitted();
    remove(task);
  }

  /**
   * A rebalance callback found this worker migrated and closed all its tasks: once poll returns,
   * leave the group and join afresh so that every partition it gets is assigned (and gets a
   * task) again. Kept partitions would not be: a cooperative rebalance only reports new ones.
   */
  void rejoinAfterPoll() {
    rejoinAfterPoll = true;
  }

  /** The group or the transaction coordinator fenced this worker. */
  void fenced() {
    fences.increment();
  }

  void abortOpenWork() {
    try {
      committer.abort();
    } catch (RetriableException e) {
      log.warn("Worker {}: abort failed ({}); the next producer aborts it", name, e.toString());
    }
  }

  private void remove(Task<?, ?, ?> task) {
    startup.forget(task);
    // its rows would otherwise hold the shared cache until the clock evicts them
    task.stateManager().close();
    task.transitionTo(TaskState.CLOSED);
    tasks.remove(task);
    replicas.release(task.id());
    context.tasksChanged();
  }

  void createTasks(Collection<TopicPartition> assigned) {
    if (!context.awaitTopicsChecked()) {
      return; // start failed: the runtime is stopping this worker
    }
    if (!metadataPrefetched) {
      // the topics exist now; a task handed over here later commits without waiting for them
      metadataPrefetched = true;
      committer.prefetchMetadata(TopicSetup.writtenTopics(context.config()));
    }
    long began = System.nanoTime();
    Set<TopicPartition> owned = consumer.assignment();
    Set<Integer> partitions = new HashSet<>();
    assigned.forEach(tp -> partitions.add(tp.partition()));
    List<Task<?, ?, ?>> created = new ArrayList<>();
    for (ProcessorDefinition<?, ?, ?> d : context.config().processors()) {
      for (int p : partitions) {
        TaskId id = new TaskId(d.id(), p);
        boolean complete = d.inputTopics().stream()
            .allMatch(t -> owned.contains(new TopicPartition(t, p)));
        if (complete && !tasks.contains(id)) {
          replicas.claim(id); // a standby copy of it here stops before the restore starts
          Task<?, ?, ?> task = factory.create(d, p, committer, rowCache);
          task.transitionTo(TaskState.RESTORING);
          tasks.add(task);
          consumer.pause(task.inputs());
          created.add(task);
        }
      }
    }
    if (!created.isEmpty() && log.isDebugEnabled()) {
      log.debug("Worker {} created tasks {} in {} ms", name,
          created.stream().map(Task::id).toList(), (System.nanoTime() - began) / 1_000_000);
    }
    startup.created(created); // restored after poll: not inside the callback
    context.tasksChanged();
  }

  List<Task<?, ?, ?>> tasksOf(Collection<TopicPartition> partitions) {
    return tasks.readingAny(partitions);
  }

  private void shutdown(boolean clean) {
    for (Task<?, ?, ?> task : new ArrayList<>(tasks.all())) {
      if (!clean) {
        task.discardUncommitted();
      }
      remove(task);
    }
    closeQuietly(consumer::close);
    closeQuietly(committer::close);
    closeQuietly(startup::close);
    closeQuietly(replicas::close);
    context.workerStopped(name);
  }

  private static void closeQuietly(Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      log.debug("Ignoring error while closing: {}", e.toString());
    }
  }
}
