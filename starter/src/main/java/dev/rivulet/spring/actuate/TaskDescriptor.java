package dev.rivulet.spring.actuate;

import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One task (an input partition of a processor) owned by this instance, as the Actuator endpoint
 * shows it. It carries what {@link TaskInfo} carries, on purpose in a type of its own, as Spring
 * Boot's endpoints do with their descriptors: it is the endpoint's JSON contract (read by the
 * operations console and by scripts), with {@code null} for "none yet" and ISO-8601 times
 * instead of the runtime's sentinel values and epoch millis, and it must not change shape when
 * the runtime's snapshot gains a component.
 *
 * @param processor the processor id
 * @param partition the input partition
 * @param thread the worker thread that owns it
 * @param state its lifecycle state
 * @param restoredRecords changelog records restored by this assignment
 * @param remainingToRestore changelog records still to restore
 * @param lag input records not yet processed, or -1 if unknown
 * @param watermark event-time watermark in epoch millis, {@code null} before the first record
 * @param lastCommit time of the last commit that included the task, {@code null} if none yet
 */
public record TaskDescriptor(
    String processor,
    int partition,
    String thread,
    TaskState state,
    long restoredRecords,
    long remainingToRestore,
    long lag,
    @Nullable Long watermark,
    @Nullable Instant lastCommit) {

  /** The descriptor of a task snapshot. */
  public static TaskDescriptor of(TaskInfo task) {
    return new TaskDescriptor(task.processorId(), task.partition(), task.thread(), task.state(),
        task.restoredRecords(), task.remainingToRestore(), task.lag(),
        task.watermark() == Long.MIN_VALUE ? null : task.watermark(),
        task.lastCommitMillis() == 0 ? null : Instant.ofEpochMilli(task.lastCommitMillis()));
  }
}
