package dev.rivulet.internal.runtime;

import dev.rivulet.internal.task.TaskId;
import java.util.HashSet;
import java.util.Set;

/**
 * Which tasks run actively on this instance, shared by its workers: a standby replica writes a
 * task's rows only while no worker of the instance runs that task, and a worker claims a task
 * before restoring it. Claiming waits for a standby write in progress, so once a task is claimed
 * no standby write of it can land (it would overwrite newer committed rows and the checkpoint).
 *
 * <p>Thread-safe.
 */
final class ActiveClaims {
  private final Set<TaskId> active = new HashSet<>();

  /** Marks the task active here; returns once no standby write of it is in progress. */
  synchronized void claim(TaskId id) {
    active.add(id);
  }

  synchronized void release(TaskId id) {
    active.remove(id);
  }

  synchronized boolean isActive(TaskId id) {
    return active.contains(id);
  }

  /** Runs a standby's write of the task unless the task is active here; returns whether it ran. */
  synchronized boolean writeIfStandby(TaskId id, Runnable write) {
    if (active.contains(id)) {
      return false;
    }
    write.run();
    return true;
  }
}
