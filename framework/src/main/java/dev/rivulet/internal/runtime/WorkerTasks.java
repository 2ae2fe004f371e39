package dev.rivulet.internal.runtime;

import dev.rivulet.internal.task.Task;
import dev.rivulet.internal.task.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The active tasks of one worker, by id and by input partition (a co-partitioned input feeds
 * every task that reads it).
 *
 * <p>Changed on the worker thread only; {@link #all()} may be read from any thread (monitoring).
 */
final class WorkerTasks {
  private final Map<TaskId, Task<?, ?, ?>> byId = new ConcurrentHashMap<>();
  private final Map<TopicPartition, List<Task<?, ?, ?>>> byInput = new HashMap<>();

  Collection<Task<?, ?, ?>> all() {
    return byId.values();
  }

  boolean contains(TaskId id) {
    return byId.containsKey(id);
  }

  void add(Task<?, ?, ?> task) {
    byId.put(task.id(), task);
    task.inputs().forEach(tp -> byInput.computeIfAbsent(tp, k -> new ArrayList<>()).add(task));
  }

  void remove(Task<?, ?, ?> task) {
    byId.remove(task.id());
    for (TopicPartition tp : task.inputs()) {
      List<Task<?, ?, ?>> list = byInput.get(tp);
      if (list != null) {
        list.remove(task);
        if (list.isEmpty()) {
          byInput.remove(tp);
        }
      }
    }
  }

  /** The tasks that read an input partition (none if it feeds no task here). */
  List<Task<?, ?, ?>> reading(TopicPartition input) {
    return byInput.getOrDefault(input, List.of());
  }

  /** The tasks that read any of the given input partitions. */
  List<Task<?, ?, ?>> readingAny(Collection<TopicPartition> partitions) {
    List<Task<?, ?, ?>> out = new ArrayList<>();
    for (Task<?, ?, ?> task : byId.values()) {
      if (task.inputs().stream().anyMatch(partitions::contains)) {
        out.add(task);
      }
    }
    return out;
  }
}
