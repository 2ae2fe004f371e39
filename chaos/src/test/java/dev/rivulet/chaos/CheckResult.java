package dev.rivulet.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * One check's verdict.
 *
 * @param name what is checked
 * @param passed whether it holds
 * @param detail numbers and the first violations
 * @param exactlyOnce whether it is one of the exactly-once checks a negative run must fail
 * @param violations how many violations an exactly-once check found (a failed check of another
 *     kind counts 1)
 */
record CheckResult(String name, boolean passed, String detail, boolean exactlyOnce,
    long violations) {

  static CheckResult of(String name, boolean passed, String detail) {
    return new CheckResult(name, passed, detail, false, passed ? 0 : 1);
  }

  /** An exactly-once check: passes when nothing was violated. */
  static CheckResult eos(String name, Violations v, long total, String what) {
    String detail = v.count() == 0 ? total + " " + what + " checked"
        : v.count() + " violation(s) over " + total + " " + what + "; first: "
            + String.join("; ", v.examples());
    return new CheckResult(name, v.count() == 0, detail, true, v.count());
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
