package dev.rivulet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a run waits for once the nemesis is done, before anything is checked: the group caught up
 * with its inputs, no transaction left open, and every task running on exactly one worker. Each
 * wait has a deadline and reports what it found then; none throws on a timeout.
 */
final class EndOfRunWaits {
  /** As the issue asks; quiet CI runs recover in ~12 s (192 s was seen at load ~20). */
  static final Duration LAG_DEADLINE = Duration.ofSeconds(120);

  private final Topics admin;
  private final ChaosTopology.Topics names;
  private final String app;
  private final ChaosProfile profile;
  private final TopicLayout layout;

  EndOfRunWaits(Topics admin, ChaosTopology.Topics names, String app, ChaosProfile profile,
      TopicLayout layout) {
    this.admin = admin;
    this.names = names;
    this.app = app;
    this.profile = profile;
    this.layout = layout;
  }

  /** How long the group took to catch up, and what was still behind if it did not. */
  record Lag(Duration sinceLastFault, List<String> behind) {}

  /**
   * Waits until every input (and regrouped) record is committed; time since the last fault and,
   * if it never got there, the partitions still behind. A regrouped partition is caught up once
   * its committed offset is past its last committed record and within the log: a commit may carry
   * a consumer position that has already moved past the transaction marker after that record.
   */
  Lag awaitLagZero(long lastFaultNanos) throws Exception {
    long deadline = System.nanoTime() + LAG_DEADLINE.toNanos() + Duration.ofSeconds(60).toNanos();
    List<String> behind = List.of();
    while (System.nanoTime() < deadline) {
      behind = new ArrayList<>();
      Map<TopicPartition, Long> inputEnd =
          admin.endOffsets(names.input(), IsolationLevel.READ_UNCOMMITTED);
      behind.addAll(behind(admin.committed(app, names.input()), inputEnd, inputEnd));
      if (behind.isEmpty() && profile.repartition()) {
        behind.addAll(behind(admin.committed(app, names.regrouped()),
            admin.afterLastCommittedRecord(names.regrouped()),
            admin.endOffsets(names.regrouped(), IsolationLevel.READ_UNCOMMITTED)));
      }
      if (behind.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    return new Lag(Duration.ofNanos(System.nanoTime() - lastFaultNanos), behind);
  }

  private static List<String> behind(Map<TopicPartition, Long> committed,
      Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    List<String> out = new ArrayList<>();
    committed.forEach((tp, c) -> {
      long min = from.getOrDefault(tp, 0L);
      long max = to.getOrDefault(tp, 0L);
      if (c < min || c > max) {
        out.add(tp + " committed " + c + ", want " + (min == max ? min : min + ".." + max));
      }
    });
    return out;
  }

  /** Waits (at most 60 s) until no topic a worker writes has an open transaction. */
  void awaitNoOpenTransactions() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (String topic : layout.written()) {
      while (!admin.endOffsets(topic, IsolationLevel.READ_COMMITTED)
          .equals(admin.endOffsets(topic, IsolationLevel.READ_UNCOMMITTED))
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
  }

  /**
   * Waits (at most 120 s) until every task of every processor runs on exactly one worker and no
   * warm-up replica is left: a warm-up means a task is still to move (a probing rebalance hands it
   * over once the warm-up caught up), so reads of the final state could race that hand-over.
   */
  CheckResult awaitAllTasksRunning(WorkerPool pool) throws InterruptedException {
    int expected = layout.tasks();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Assignment last = null;
    while (System.nanoTime() < deadline) {
      last = assignment(pool);
      if (last.settled(expected)) {
        return CheckResult.of("at the end every task runs on exactly one worker, no warm-up left",
            true, expected + " tasks");
      }
      Thread.sleep(500);
    }
    return CheckResult.of("at the end every task runs on exactly one worker, no warm-up left",
        false, "after 120 s:" + (last == null ? "" : last.snapshot()));
  }

  /**
   * What the workers report now ({@code TASKS}): every running task with the worker it runs on,
   * the warm-up replicas, and whether every worker answered, runs, and reports only tasks that
   * can exist.
   */
  Assignment assignment(WorkerPool pool) throws InterruptedException {
    StringBuilder snapshot = new StringBuilder();
    Map<String, List<String>> running = new TreeMap<>();
    int warmUps = 0;
    boolean healthy = true;
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      Optional<String> reply = w.request("TASKS", "TASKS ", Duration.ofSeconds(30));
      if (reply.isEmpty()) {
        healthy = false;
        continue;
      }
      String[] p = reply.get().split(" ");
      healthy &= p[1].equals("RUNNING");
      for (int i = 2; i < p.length; i++) {
        if (p[i].endsWith(":RUNNING")) {
          running.computeIfAbsent(p[i], t -> new ArrayList<>()).add(w.name());
        } else if (p[i].endsWith(":WARMUP")) {
          warmUps++;
        }
        // a replica of a task that cannot exist (its processor has fewer partitions) would
        // wait for a changelog partition that is not there
        healthy &= layout.taskExists(p[i]);
      }
      snapshot.append(' ').append(w.name()).append('=').append(reply.get());
    }
    return new Assignment(healthy, running, warmUps, snapshot.toString());
  }

  /**
   * One look at the group's tasks.
   *
   * @param healthy every worker answered, runs, and reports only tasks that can exist
   * @param running each running task ({@code processor:partition:RUNNING}) with its workers
   * @param warmUps warm-up replicas reported (tasks still to move)
   * @param snapshot what each worker said, for the report
   */
  record Assignment(boolean healthy, Map<String, List<String>> running, int warmUps,
      String snapshot) {
    /** Every task runs on exactly one worker and none is still to move. */
    boolean settled(int tasks) {
      return healthy && warmUps == 0 && running.size() == tasks
          && running.values().stream().allMatch(owners -> owners.size() == 1);
    }
  }
}
