package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.internal.task.Task;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's paused tasks. A processor paused through the runtime pauses its tasks' input
 * partitions; a task of another processor that reads one of those partitions cannot go on either,
 * so it is paused too (it shows as PAUSED, not RUNNING with nothing to do) and resumes when no
 * paused processor holds its inputs any more. The lag of paused tasks comes from the broker: the
 * consumer fetches nothing for paused partitions, so its own view of their end stays where it was
 * when they paused. Worker thread only.
 */
final class PauseControl {
  private static final Logger log = LoggerFactory.getLogger(PauseControl.class);
  private static final long LAG_REFRESH_NANOS = Duration.ofSeconds(5).toNanos();
  private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

  private final Consumer<byte[], byte[]> consumer;
  private final WorkerContext context;
  private long lagRefreshedNanos = System.nanoTime() - LAG_REFRESH_NANOS;

  PauseControl(Consumer<byte[], byte[]> consumer, WorkerContext context) {
    this.consumer = consumer;
    this.context = context;
  }

  /** Pauses and resumes tasks as the runtime's paused processors ask. */
  void reconcile(Collection<Task<?, ?, ?>> tasks) {
    Set<TopicPartition> held = new HashSet<>();
    for (Task<?, ?, ?> task : tasks) {
      if (context.isPaused(task.id().processorId())
          && (task.state() == TaskState.RUNNING || task.state() == TaskState.PAUSED)) {
        held.addAll(task.inputs());
      }
    }
    for (Task<?, ?, ?> task : tasks) {
      boolean blocked = task.inputs().stream().anyMatch(held::contains);
      if (blocked && task.state() == TaskState.RUNNING) {
        task.transitionTo(TaskState.PAUSED);
        consumer.pause(task.inputs());
      } else if (!blocked && task.state() == TaskState.PAUSED) {
        task.transitionTo(TaskState.RUNNING);
        consumer.resume(task.inputs());
      }
    }
  }

  /** Sets the lag of paused tasks from the broker's end offsets, at most every 5 s. */
  void refreshLag(Collection<Task<?, ?, ?>> tasks, long nowNanos) {
    if (nowNanos - lagRefreshedNanos < LAG_REFRESH_NANOS) {
      return;
    }
    List<Task<?, ?, ?>> paused = tasks.stream()
        .filter(t -> t.state() == TaskState.PAUSED).toList();
    if (paused.isEmpty()) {
      return;
    }
    lagRefreshedNanos = nowNanos;
    Set<TopicPartition> inputs = new HashSet<>();
    paused.forEach(t -> inputs.addAll(t.inputs()));
    try {
      Map<TopicPartition, Long> ends = consumer.endOffsets(inputs, END_OFFSETS_TIMEOUT);
      for (Task<?, ?, ?> task : paused) {
        long lag = 0;
        for (TopicPartition tp : task.inputs()) {
          lag += Math.max(0, ends.getOrDefault(tp, 0L) - consumer.position(tp));
        }
        task.lag(lag);
      }
    } catch (KafkaException e) {
      log.debug("Lag of paused tasks not refreshed: {}", e.toString()); // next time
    }
  }
}
