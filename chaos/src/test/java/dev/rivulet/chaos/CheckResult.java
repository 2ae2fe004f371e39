package dev.rivulet.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * One check's verdict.
 *
 * @param kind what its violations mean, for the report's summary
 * @param name what is checked
 * @param passed whether it holds
 * @param detail numbers and the first violations
 * @param exactlyOnce whether it is one of the exactly-once checks a negative run must fail
 * @param violations how many violations an exactly-once check found (a failed check of another
 *     kind counts 1)
 */
record CheckResult(CheckKind kind, String name, boolean passed, String detail,
    boolean exactlyOnce, long violations) {

  /** A check of the run itself (workers, faults, lag), not of exactly-once. */
  static CheckResult of(String name, boolean passed, String detail) {
    return new CheckResult(CheckKind.OTHER, name, passed, detail, false, passed ? 0 : 1);
  }

  /** An exactly-once check: passes when nothing was violated. */
  static CheckResult eos(CheckKind kind, String name, Violations v, long total, String what) {
    String detail = v.count() == 0 ? total + " " + what + " checked"
        : v.count() + " violation(s) over " + total + " " + what + "; first: "
            + String.join("; ", v.examples());
    return new CheckResult(kind, name, v.count() == 0, detail, true, v.count());
  }

  /** The same verdict with more detail. */
  CheckResult plusDetail(String more) {
    return new CheckResult(kind, name, passed, detail + " " + more, exactlyOnce, violations);
  }

  /** Counts violations and keeps the first few as examples. */
  static final class Violations {
    private static final int EXAMPLES = 4;
    private final List<String> examples = new ArrayList<>();
    private long count;

    void add(String violation) {
      count++;
      if (examples.size() < EXAMPLES) {
        examples.add(violation.length() > 300 ? violation.substring(0, 300) + "..." : violation);
      }
    }

    long count() {
      return count;
    }

    List<String> examples() {
      return examples;
    }
  }
}
