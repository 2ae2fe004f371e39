package dev.rivulet.api;

import java.time.Duration;
import java.util.List;

/**
 * Bounded retries of a record whose processing throws an exception the user marks as transient
 * (a flaky downstream lookup, say). Each attempt starts from a clean slate (the failed attempt's
 * state writes and emits are discarded); after {@code maxAttempts} the processor's
 * {@link ErrorPolicy} applies. Other exceptions go to the error policy at once.
 *
 * <p>Backoff doubles per attempt from {@code initialBackoff} and blocks the task's worker thread:
 * keep {@code maxAttempts × backoff} well below {@code max.poll.interval.ms} (5 min by default).
 *
 * @param maxAttempts attempts in total, at least 1 (1 = no retry)
 * @param initialBackoff wait before the second attempt
 * @param transientTypes exceptions (and subtypes) worth retrying
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, List<Class<? extends Throwable>> transientTypes) {

  /** No retries. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, List.of());

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0");
    }
    transientTypes = List.copyOf(transientTypes);
  }

  /** Retries {@code transientTypes} up to {@code maxAttempts} attempts in total. */
  @SafeVarargs
  public static RetryPolicy of(int maxAttempts, Duration initialBackoff,
      Class<? extends Throwable>... transientTypes) {
    return new RetryPolicy(maxAttempts, initialBackoff, List.of(transientTypes));
  }

  /** Whether {@code error} is transient. */
  public boolean isTransient(Throwable error) {
    return transientTypes.stream().anyMatch(t -> t.isInstance(error));
  }

  /** Backoff before attempt {@code attempt} (2-based), capped at 30 s. */
  public Duration backoffBefore(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 2));
    return Duration.ofMillis(Math.min(millis, 30_000));
  }
}
