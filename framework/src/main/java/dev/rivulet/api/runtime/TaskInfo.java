package dev.rivulet.api.runtime;

/**
 * A snapshot of one task, for monitoring.
 *
 * @param processorId the processor
 * @param partition the input partition
 * @param thread worker thread that owns the task
 * @param state lifecycle state
 * @param restoredRecords changelog records restored so far by this assignment
 * @param remainingToRestore changelog records still to restore (0 once running)
 * @param lag input records not yet processed (end offset minus position), or -1 if unknown
 * @param watermark the task's watermark (Long.MIN_VALUE before the first record)
 * @param lastCommitMillis wall-clock time of the last commit that included this task, or 0
 */
public record TaskInfo(
    String processorId,
    int partition,
    String thread,
    TaskState state,
    long restoredRecords,
    long remainingToRestore,
    long lag,
    long watermark,
    long lastCommitMillis) {}
