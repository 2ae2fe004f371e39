package dev.rivulet.spring.query;

import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.StateNotServedException;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Answers a query from this instance's committed state of one partition: waits for a requested
 * position first (bounded by the query timeout), reads the position the state reflects and then
 * the state, and wraps both in the answer ({@code processor}, {@code store}, {@code partition},
 * {@code servedBy}, {@code forwarded}, {@code source} ({@code active} or {@code standby}),
 * {@code lag}, {@code position} and the read's fields). A standby replica answers only stale
 * reads, never waits for a position, and steps aside (the owner is asked) when it is gone. A partition that
 * is not here, restores, or leaves mid-read is a retryable 503 problem; a missing value is 404.
 *
 * <p>Thread-safe; blocks the calling request thread for at most the timeout.
 */
final class LocalStateReader {
  private final Rivulet rivulet;
  private final Duration timeout;

  LocalStateReader(Rivulet rivulet, Duration timeout) {
    this.rivulet = rivulet;
    this.timeout = timeout;
  }

  /**
   * Reads one partition's committed state.
   *
   * @param read the fields of the answer, read from the state (a {@code "value"} field that is
   *     null means no value: 404)
   */
  Map<String, @Nullable Object> read(QueryTarget target, int partition,
      Map<String, Long> position, boolean forwarded,
      Function<CommittedState<Object>, Map<String, @Nullable Object>> read) {
    String processor = target.processorId();
    if (!position.isEmpty()) {
      await(target, partition, position);
    }
    CommittedState<Object> state = rivulet.<Object>committedState(processor, partition)
        .orElseThrow(() -> notServing(target, partition));
    return answer(target, state, forwarded, read);
  }

  /**
   * Reads one partition's state from this instance's standby replica of it, if there is one
   * that has reached {@code position} (no wait: a replica that lags would make the caller wait
   * longer than asking the owner).
   *
   * @return the answer, or empty: ask the owner
   */
  Optional<Map<String, @Nullable Object>> readReplica(QueryTarget target, int partition,
      Map<String, Long> position, boolean forwarded,
      Function<CommittedState<Object>, Map<String, @Nullable Object>> read) {
    Optional<CommittedState<Object>> replica =
        rivulet.replicaState(target.processorId(), partition);
    try {
      if (replica.isEmpty() || !reached(replica.get().position(), position)) {
        return Optional.empty();
      }
      return Optional.of(answer(target, replica.get(), forwarded, read));
    } catch (StateNotServedException dropped) {
      return Optional.empty(); // the replica went away mid-read: the owner answers
    }
  }

  private static boolean reached(Map<String, Long> committed, Map<String, Long> wanted) {
    return wanted.entrySet().stream()
        .allMatch(w -> committed.getOrDefault(w.getKey(), -1L) >= w.getValue());
  }

  private Map<String, @Nullable Object> answer(QueryTarget target, CommittedState<Object> state,
      boolean forwarded, Function<CommittedState<Object>, Map<String, @Nullable Object>> read) {
    String processor = target.processorId();
    int partition = state.partition();
    Map<String, Long> reached;
    Map<String, @Nullable Object> fields;
    try {
      reached = state.position(); // first: the state read next reflects at least this
      fields = read.apply(state);
    } catch (StateNotServedException moved) {
      if (state.standby()) {
        throw moved; // the replica went away: the owner answers instead
      }
      throw notServing(target, partition);
    }
    Map<String, @Nullable Object> answer = new LinkedHashMap<>();
    answer.put("processor", processor);
    answer.put("store", target.store());
    answer.put("partition", partition);
    answer.put("servedBy", rivulet.advertisedUrl().orElse(null));
    answer.put("forwarded", forwarded);
    answer.put("source", state.standby() ? "standby" : "active");
    answer.put("lag", state.lag());
    answer.put("position", reached);
    answer.putAll(fields);
    if (fields.containsKey("value") && fields.get("value") == null) {
      throw QueryProblem.notFound("no-value", "No value for " + describe(fields) + " in store '"
              + target.store() + "' of processor '" + processor + "' (partition " + partition
              + ", committed position " + reached + ")")
          .with("partition", partition).with("servedBy", answer.get("servedBy"))
          .with("forwarded", forwarded).with("source", answer.get("source"))
          .with("lag", state.lag()).with("position", reached);
    }
    return answer;
  }

  private void await(QueryTarget target, int partition, Map<String, Long> position) {
    boolean reached;
    try {
      reached = rivulet.awaitPosition(target.processorId(), partition, position, timeout);
    } catch (IllegalArgumentException e) {
      throw QueryProblem.badRequest("bad-position", e.getMessage() + "; inputs: "
          + target.definition().inputTopics());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QueryProblem.unavailable("interrupted", "Interrupted while waiting for position "
          + position + "; retry");
    }
    if (!reached) {
      Optional<CommittedState<Object>> state =
          rivulet.committedState(target.processorId(), partition);
      if (state.isEmpty()) {
        throw notServing(target, partition);
      }
      Map<String, Long> committed;
      try {
        committed = state.get().position();
      } catch (StateNotServedException moved) {
        throw notServing(target, partition);
      }
      throw QueryProblem.unavailable("position-not-reached", "Partition " + partition
              + " of processor '" + target.processorId() + "' has not committed position "
              + position + " within " + timeout.toMillis() + " ms (committed: " + committed
              + "); retry, or check that the record was written to this partition")
          .with("partition", partition).with("requested", position)
          .with("position", committed).with("servedBy", rivulet.advertisedUrl().orElse(null));
    }
  }

  /** Why the partition cannot be read here: restoring, or not (any longer) on this instance. */
  private QueryProblem notServing(QueryTarget target, int partition) {
    String processor = target.processorId();
    Optional<TaskInfo> task = rivulet.tasks().stream()
        .filter(t -> t.processorId().equals(processor) && t.partition() == partition
            && !t.state().isReplica()).findFirst();
    String servedBy = rivulet.advertisedUrl().orElse(null);
    if (task.isPresent()
        && (task.get().state() == TaskState.RESTORING || task.get().state() == TaskState.CREATED)) {
      TaskInfo t = task.get();
      return QueryProblem.unavailable("restoring", "Partition " + partition + " of processor '"
              + processor + "' is " + t.state() + " on this instance ("
              + t.remainingToRestore() + " changelog records left to restore); retry shortly")
          .with("partition", partition).with("servedBy", servedBy);
    }
    return QueryProblem.unavailable("moved", "Partition " + partition + " of processor '"
            + processor + "' is not served by this instance (it moved or is moving: a "
            + "rebalance is in progress); retry")
        .with("partition", partition).with("servedBy", servedBy);
  }

  private static String describe(Map<String, @Nullable Object> fields) {
    StringBuilder out = new StringBuilder();
    for (String name : new String[] {"key", "mapKey"}) {
      if (fields.containsKey(name)) {
        out.append(out.isEmpty() ? "" : ", ").append(name).append(" '").append(fields.get(name))
            .append("'");
      }
    }
    return out.isEmpty() ? "the key" : out.toString();
  }
}
