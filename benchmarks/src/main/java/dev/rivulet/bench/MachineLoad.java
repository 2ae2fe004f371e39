package dev.rivulet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * CPU used on this machine by processes that are not part of the benchmark ("foreign" load: other
 * builds share these 2 cores), from {@code /proc/stat} minus the CPU of the benchmark's own
 * processes. Linux only; elsewhere it reports 0.
 */
final class MachineLoad {
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100

  private MachineLoad() {}

  /** CPU time (user + system + irq) of all cores since boot, in nanoseconds. */
  static long busyNanos() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU of this JVM (the harness) so far, in nanoseconds. */
  static long selfNanos() {
    return ChildJvm.cpuNanos(ProcessHandle.current().pid());
  }

  /**
   * Waits until foreign processes use less than {@code maxCores} over a 2-second window, at most
   * {@code maxWait}; returns the foreign cores of the last window. {@code ownNanos} is the CPU
   * of the benchmark's own processes.
   */
  static double awaitQuiet(double maxCores, Duration maxWait, LongSupplier ownNanos) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      long busy0 = busyNanos();
      long own0 = ownNanos.getAsLong();
      long t0 = System.nanoTime();
      ChildJvm.sleep(Duration.ofSeconds(2));
      double cores = Math.max(0, (busyNanos() - busy0) - (ownNanos.getAsLong() - own0))
          / (double) (System.nanoTime() - t0);
      if (cores < maxCores || System.nanoTime() > deadline) {
        return cores;
      }
    }
  }
}
