package dev.rivulet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** Waits (at most 120 s) until every task of every processor runs on exactly one worker. */
  CheckResult awaitAllTasksRunning(WorkerPool pool) throws InterruptedException {
    int expected = layout.tasks();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      StringBuilder snapshot = new StringBuilder();
      List<String> running = new ArrayList<>();
      boolean allRunning = true;
      for (int slot : pool.runningSlots()) {
        ForkedJvm w = pool.get(slot);
        int from = w.lines().size();
        w.send("TASKS");
        int at = w.awaitFrom(from, l -> l.startsWith("TASKS "), Duration.ofSeconds(30));
        if (at < 0) {
          allRunning = false;
          continue;
        }
        String[] p = w.lines().get(at).split(" ");
        allRunning &= p[1].equals("RUNNING");
        for (int i = 2; i < p.length; i++) {
          if (p[i].endsWith(":RUNNING")) {
            running.add(p[i]);
          }
          // a replica of a task that cannot exist (its processor has fewer partitions) would
          // wait for a changelog partition that is not there
          allRunning &= layout.taskExists(p[i]);
        }
        snapshot.append(' ').append(w.name()).append('=').append(w.lines().get(at));
      }
      last = snapshot.toString();
      if (allRunning && running.size() == expected
          && running.stream().distinct().count() == expected) {
        return CheckResult.of("at the end every task runs on exactly one worker", true,
            expected + " tasks");
      }
      Thread.sleep(500);
    }
    return CheckResult.of("at the end every task runs on exactly one worker", false,
        "after 120 s:" + last);
  }
}
