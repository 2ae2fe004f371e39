package dev.rivulet.api.runtime;

/**
 * A read of {@link CommittedState} found its task, or its standby replica, no longer served by
 * this instance: the task moved to another instance or restores, the replica was dropped or
 * starts over. Retryable: locate the key again ({@link Rivulet#partitionFor},
 * {@link Rivulet#committedState}, {@link Rivulet#replicaState}) and read from the copy that
 * serves it now. The HTTP query endpoints answer it with {@code 503} and a retry hint.
 *
 * <p>An {@link IllegalStateException}, as such reads threw before it had its own type.
 */
public class StateNotServedException extends IllegalStateException {

  public StateNotServedException(String message) {
    super(message);
  }
}
