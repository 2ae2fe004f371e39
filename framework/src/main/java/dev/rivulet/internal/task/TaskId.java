package dev.rivulet.internal.task;

/** A task: one partition of one processor's (co-partitioned) inputs. */
public record TaskId(String processorId, int partition) implements Comparable<TaskId> {
  @Override
  public int compareTo(TaskId o) {
    int c = processorId.compareTo(o.processorId);
    return c != 0 ? c : Integer.compare(partition, o.partition);
  }

  @Override
  public String toString() {
    return processorId + "-" + partition;
  }
}
