package dev.rivulet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;

/**
 * A contender JVM. Prints {@code STARTED} right before its clients start (the harness takes its
 * CPU baseline there), then runs until stdin says {@code STOP} (clean close, then {@code CLOSED})
 * or it is killed. {@code HEAP} on stdin prints {@code HEAP <used> <committed>} after a GC.
 * Contenders print {@code RESTORED <partition> <store> <n>} per finished store restore and
 * {@code TASKS_RUNNING <startToRunningMs> <restoreMs> <restored>} once all their tasks run.
 */
public final class ContenderMain {
  private ContenderMain() {}

  /** A started contender. */
  interface Running extends AutoCloseable {
    @Override
    void close();
  }

  public static void main(String[] argv) throws Exception {
    ContenderArgs args = ContenderArgs.parse(argv);
    say("STARTED");
    Running running = switch (args.contender()) {
      case RAW_ALOS, RAW_EOS, RAW_EOS_CHANGELOG -> RawPassthrough.start(args);
      case STREAMS_ALOS, STREAMS_EOS, STREAMS_EOS_TX, STREAMS_EOS_TX_BOUNDED ->
          StreamsCount.start(args);
      case RIVULET_ALOS, RIVULET_EOS, RIVULET_EOS_STREAMS_MEMORY -> RivuletCount.start(args);
    };
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.equals("STOP")) {
        if (line.equals("HEAP")) {
          System.gc();
          MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
          say("HEAP " + heap.getUsed() + " " + heap.getCommitted());
        }
      }
    } catch (IOException e) {
      // the harness is gone: stop
    }
    running.close();
    say("CLOSED");
    System.exit(0);
  }

  /** Prints one protocol line (stdout is shared by threads: one println per line). */
  static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Stops the JVM with a message the harness shows: a contender that failed has no result. */
  static void fail(String what, Throwable error) {
    say("FATAL " + what + ": " + error);
    error.printStackTrace();
    System.exit(2);
  }
}
