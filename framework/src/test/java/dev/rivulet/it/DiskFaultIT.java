package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.internal.state.StateException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory's disk fails under a running instance: it fills up, or turns read-only. The
 * state directory is a small tmpfs each test mounts (skipped, saying why, where mounting is not
 * permitted). A full disk stops the worker with a message that names the directory and says what
 * to do, a restart while still full fails the same way, and a restart with room recovers: every
 * count right and every input counted exactly once across the runs.
 */
class DiskFaultIT {
  private static final Logger log = LoggerFactory.getLogger(DiskFaultIT.class);
  @TempDir Path mountPoint;
  private SmallDisk disk;
  private Path state;

  @BeforeEach
  void mount() throws Exception {
    disk = SmallDisk.mount(mountPoint, "64m"); // RocksDB's native library (15 MB) may land here
    state = disk.root().resolve("state");
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void aFullDiskStopsTheWorkerAndARestartWithRoomRecoversExactlyOnce() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("disk-full");
    TestBroker.createTopics(4, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(4);
    TestBroker.produce(in, check.generate(6_000, 2_000, 41));
    try (Rivulet first = RuntimeHarness.builder(app, state, definition(in, out))
        .memory(8 << 20, 2 << 20).build()) { // small memtables: flushes come often
      first.start();
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(120));
      long filled = disk.fill();
      log.info("Filled the state disk with {} bytes", filled);
      // RocksDB still has room it set aside (a preallocated log): write until it needs more
      int rounds = 0;
      while (rounds < 60 && first.state() != RuntimeState.ERROR) {
        TestBroker.produce(in, check.generate(4_000, 2_000, 50 + rounds++));
        await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == RuntimeState.ERROR
            || TestBroker.committedOffsets(app, in) == TestBroker.endOffsets(in));
      }
      log.info("The worker stopped after {} more rounds of 4,000 inputs", rounds);
      assertThat(first.state()).as("the worker stopped: it cannot write its state")
          .isEqualTo(RuntimeState.ERROR);
      assertDiskFullMessage(stateFailure(first.fatalError().orElseThrow()).getMessage());
      int committed = TestBroker.readCommitted(out).size();
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> TestBroker.readCommitted(out).size() == committed);
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));

    disk.fill(); // what the stopped database gave back
    try (Rivulet full = RuntimeHarness.builder(app, state, definition(in, out)).build()) {
      assertThatThrownBy(full::start).as("a restart on a disk still full does not run")
          .isInstanceOf(RivuletConfigException.class)
          .satisfies(e -> assertDiskFullMessage(e.getMessage()));
    }

    disk.free();
    RuntimeHarness.Restores restores = new RuntimeHarness.Restores();
    long start = System.nanoTime();
    try (Rivulet second = RuntimeHarness.builder(app, state, definition(in, out))
        .listener(restores).build()) {
      second.start();
      await().atMost(Duration.ofSeconds(90))
          .until(() -> second.tasks().size() == 4 && second.allTasksRunning());
      log.info("Restart after the full disk: tasks running after {} ms, {} count rows restored",
          (System.nanoTime() - start) / 1_000_000, restores.of(CheckingProcessor.COUNT.name()));
      TestBroker.produce(in, check.generate(2_000, 2_000, 61));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(120));
      check.expectedCounts().forEach((key, count) -> assertThat(
          second.query("checker", CheckingProcessor.COUNT, key)).as(key).contains(count));
      assertThat(second.state()).isEqualTo(RuntimeState.RUNNING);
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  @Test
  void aReadOnlyStateDiskFailsTheStartNamingTheProperty() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("read-only");
    TestBroker.createTopics(2, in, out);
    try (Rivulet first = RuntimeHarness.builder(app, state, definition(in, out)).build()) {
      first.start(); // the state directory exists, with its database
    }
    disk.remount("ro");
    try (Rivulet second = RuntimeHarness.builder(app, state, definition(in, out)).build()) {
      assertThatThrownBy(second::start).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining("rivulet.state-dir").hasMessageContaining(state.toString())
          .hasMessageContaining("Read-only file system");
    } finally {
      disk.remount("rw");
    }
    assertThat(state.resolve("rocksdb/CURRENT")).as("nothing wiped").exists();
  }

  private void assertDiskFullMessage(String message) {
    assertThat(message).contains(state.toString()).contains(" is full").contains("rivulet.state-dir")
        .contains("free space").contains("No space left on device");
  }

  /** The state failure that stopped the worker, wherever the runtime wrapped it. */
  private static Throwable stateFailure(Throwable fatal) {
    for (Throwable t = fatal; t != null; t = t.getCause()) {
      if (t instanceof StateException) {
        return t;
      }
    }
    throw new AssertionError("the worker stopped on something else", fatal);
  }

  private static dev.rivulet.api.ProcessorDefinition<?, ?, ?> definition(String in, String out) {
    return CheckingProcessor.definition("checker", in, out, new CheckingProcessor());
  }
}
