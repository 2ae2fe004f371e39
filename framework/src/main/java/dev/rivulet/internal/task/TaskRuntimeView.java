package dev.rivulet.internal.task;

import dev.rivulet.api.Output;

/** What a context needs from its task. */
interface TaskRuntimeView {
  TaskId id();

  boolean declares(Output<?, ?> output);

  long watermark();

  long now();
}
