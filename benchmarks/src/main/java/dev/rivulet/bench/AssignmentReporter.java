package dev.rivulet.bench;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Contender side of the scaling benchmark: every 100 ms asks the contender which input
 * partitions it processes (active tasks that are past their restore) and which it keeps a copy
 * of (standby or warm-up replicas), and prints {@code ASSIGNMENT a=<p,p..> s=<p,p..>} whenever
 * that changed. The harness reads the last such line of each instance to decide that a
 * rebalance has settled. Runs on its own daemon thread until the JVM ends.
 */
final class AssignmentReporter {
  /** What an instance holds, as partition numbers. */
  record Assignment(Collection<Integer> active, Collection<Integer> standby) {
    String line() {
      return "ASSIGNMENT a=" + join(active) + " s=" + join(standby);
    }

    /** Parses the rest of an {@code ASSIGNMENT} line ({@code a=0,1 s=}). */
    static Assignment parse(String rest) {
      String[] f = rest.trim().split(" ");
      return new Assignment(partitions(f[0].substring(2)), partitions(f[1].substring(2)));
    }

    private static String join(Collection<Integer> ps) {
      return new TreeSet<>(ps).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> partitions(String csv) {
      return csv.isEmpty() ? List.of()
          : java.util.Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
    }
  }

  private AssignmentReporter() {}

  /** Starts reporting what {@code current} returns; its failures are skipped (next tick). */
  static void start(Supplier<Assignment> current) {
    Thread t = new Thread(() -> {
      String last = "";
      while (true) {
        try {
          String line = current.get().line();
          if (!line.equals(last)) {
            ContenderMain.say(line);
            last = line;
          }
        } catch (RuntimeException e) {
          // a rebalance or close in progress: ask again next tick
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "assignment-reporter");
    t.setDaemon(true);
    t.start();
  }
}
