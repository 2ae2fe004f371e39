package dev.rivulet.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Exactly-once under chaos, and proof that the checker can fail. The profile comes from
 * {@code -Dchaos.profile} ({@code ci} by default, {@code long} for hours); {@code -Dchaos.seed}
 * overrides the seed(s), e.g. {@code -Dchaos.seed=7} or {@code -Dchaos.seed=1,2,3}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExactlyOnceChaosIT {

  private static boolean longProfile() {
    return "long".equals(System.getProperty("chaos.profile", "ci"));
  }

  private static List<Long> seeds(long... defaults) {
    String property = System.getProperty("chaos.seed", "");
    List<Long> seeds = new ArrayList<>();
    if (property.isBlank()) {
      for (long s : defaults) {
        seeds.add(s);
      }
    } else {
      for (String s : property.split(",")) {
        seeds.add(Long.parseLong(s.trim()));
      }
    }
    return seeds;
  }

  @Test
  @Order(1)
  void exactlyOnceHoldsUnderChaos() throws Exception {
    ChaosProfile profile = longProfile() ? ChaosProfile.longRun() : ChaosProfile.ci();
    List<ChaosReport> reports = new ArrayList<>();
    for (long seed : longProfile() ? seeds(1, 2, 3) : seeds(42)) {
      reports.add(new ChaosRun(profile, seed, ChaosRun.baseDir()).execute());
    }
    StringBuilder failures = new StringBuilder();
    for (ChaosReport r : reports) {
      if (r.failed() > 0) {
        failures.append(r.text());
      }
    }
    assertTrue(failures.isEmpty(), () -> "exactly-once chaos run failed:\n" + failures);
  }

  @Test
  @Order(2)
  void checkerCatchesAtLeastOnce() throws Exception {
    ChaosReport r = new ChaosRun(ChaosProfile.atLeastOnce(), 7, ChaosRun.baseDir()).execute();
    assertTrue(r.failedCheck(Checker.NO_DUPLICATE_OUTPUT),
        () -> "at-least-once under SIGKILL must show as duplicate outputs, the checker saw "
            + "none:\n" + r.text());
  }

  @Test
  @Order(3)
  void checkerCatchesOffsetsCommittedOutsideTheTransaction() throws Exception {
    ChaosReport r = new ChaosRun(ChaosProfile.offsetsOutsideTransaction(), 11,
        ChaosRun.baseDir()).execute();
    assertTrue(r.failedCheck(Checker.NO_MISSING_OUTPUT),
        () -> "offsets committed outside the transaction must show as lost input, the checker "
            + "saw none:\n" + r.text());
  }
}
