package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance restarts on a state directory whose RocksDB was damaged while it was stopped (an SST
 * file cut in half, as a full disk or a bad copy leaves it). It used to refuse to start; now it
 * wipes the damaged state, restores every store from its changelog, and carries on: every count
 * is right and every input counts exactly once across both runs.
 */
class CorruptStateIT {
  @TempDir Path state;

  @Test
  void aTruncatedSstFileIsWipedAndTheStateRestoredFromTheChangelog() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("corrupt");
    TestBroker.createTopics(4, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(4);
    TestBroker.produce(in, check.generate(6_000, 2_000, 31));
    try (Rivulet first = RuntimeHarness.builder(app, state, definition(in, out)).build()) {
      first.start();
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(120));
    } // closing flushes the memtables: the state is in SST files now

    Path sst = largestSst();
    try (FileChannel f = FileChannel.open(sst, StandardOpenOption.WRITE)) {
      f.truncate(f.size() / 2);
    }

    RuntimeHarness.Restores restores = new RuntimeHarness.Restores();
    try (Rivulet second = RuntimeHarness.builder(app, state, definition(in, out))
        .listener(restores).build()) {
      second.start();
      await().atMost(Duration.ofSeconds(90))
          .until(() -> second.tasks().size() == 4 && second.allTasksRunning());
      assertThat(restores.of(CheckingProcessor.COUNT.name()))
          .as("every key restored from the changelog, not read from the damaged files")
          .isGreaterThanOrEqualTo(2_000);
      TestBroker.produce(in, check.generate(2_000, 2_000, 32));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(90));
      check.expectedCounts().forEach((key, count) -> assertThat(
          second.query("checker", CheckingProcessor.COUNT, key)).as(key).contains(count));
      assertThat(second.state()).isEqualTo(RuntimeState.RUNNING);
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  private Path largestSst() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("rocksdb"))) {
      List<Path> ssts = files.filter(p -> p.toString().endsWith(".sst")).toList();
      assertThat(ssts).as("the first run's state is in SST files").isNotEmpty();
      return ssts.stream().max(Comparator.comparingLong(CorruptStateIT::size)).orElseThrow();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static dev.rivulet.api.ProcessorDefinition<?, ?, ?> definition(String in, String out) {
    return CheckingProcessor.definition("checker", in, out, new CheckingProcessor());
  }
}
