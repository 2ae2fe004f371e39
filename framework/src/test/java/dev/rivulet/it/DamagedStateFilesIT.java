package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stopped instance's state directory gets garbage in one of its files other than the SST files
 * ({@link CorruptStateIT} cuts those): RocksDB's CURRENT, MANIFEST or OPTIONS file, the instance
 * id, the lock file, the corruption marker. Each is detected when the instance starts again:
 * either the state is untrusted and every store restores in full from its changelog, or the file
 * does not decide what the state holds and the state is kept (a clean stop then restores
 * nothing). Either way every count is right and every input counts exactly once.
 */
class DamagedStateFilesIT {
  private static final int KEYS = 1_000;
  @TempDir Path state;

  /** A kind of garbage, and whether the state must be restored in full after it. */
  enum Damage {
    CURRENT(true) {
      @Override
      void apply(Path state) throws IOException {
        Files.writeString(state.resolve("rocksdb/CURRENT"), "\u0000\u0001garbage");
      }
    },
    MANIFEST(true) {
      @Override
      void apply(Path state) throws IOException {
        Files.writeString(rocksDbFile(state, "MANIFEST-"), "garbage, not a manifest".repeat(50));
      }
    },
    OPTIONS(false) {
      @Override
      void apply(Path state) throws IOException {
        // RocksDB opens with the options Rivulet gives it and writes a new OPTIONS file
        Files.writeString(rocksDbFile(state, "OPTIONS-"), "garbage, not options\n".repeat(50));
      }
    },
    INSTANCE_ID(false) {
      @Override
      void apply(Path state) throws IOException {
        // replaced by a new id: the state is not in it
        Files.writeString(state.resolve("instance.id"), "\u0000garbage " + "x".repeat(500));
      }
    },
    LOCK(false) {
      @Override
      void apply(Path state) throws IOException {
        Files.writeString(state.resolve(".lock"), "garbage");
      }
    },
    CORRUPTION_MARKER(true) {
      @Override
      void apply(Path state) throws IOException {
        Files.write(state.resolve("rocksdb.corrupt"), new byte[] {0, 1, 2, (byte) 0xFF});
      }
    };

    private final boolean restoresInFull;

    Damage(boolean restoresInFull) {
      this.restoresInFull = restoresInFull;
    }

    abstract void apply(Path state) throws IOException;
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void garbageInAStateFileIsDetectedAndTheStateRestoredOrKept(Damage damage) throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("damaged-" + damage.name().toLowerCase().replace('_', '-'));
    TestBroker.createTopics(4, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(4);
    TestBroker.produce(in, check.generate(3_000, KEYS, 71));
    try (Rivulet first = RuntimeHarness.builder(app, state, definition(in, out)).build()) {
      first.start();
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(120));
    }

    damage.apply(state);

    RuntimeHarness.Restores restores = new RuntimeHarness.Restores();
    try (Rivulet second = RuntimeHarness.builder(app, state, definition(in, out))
        .listener(restores).build()) {
      second.start();
      await().atMost(Duration.ofSeconds(90))
          .until(() -> second.tasks().size() == 4 && second.allTasksRunning());
      long restored = restores.of(CheckingProcessor.COUNT.name());
      if (damage.restoresInFull) {
        assertThat(restored).as("every key restored from the changelog").isGreaterThanOrEqualTo(KEYS);
      } else {
        assertThat(restored).as("the state kept: a clean stop restores nothing").isZero();
      }
      TestBroker.produce(in, check.generate(1_000, KEYS, 72));
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(90));
      check.expectedCounts().forEach((key, count) -> assertThat(
          second.query("checker", CheckingProcessor.COUNT, key)).as(key).contains(count));
      assertThat(second.state()).isEqualTo(RuntimeState.RUNNING);
    }
    TestBroker.awaitNoOpenTransactions(out, Duration.ofSeconds(30));
    check.verify(TestBroker.readCommitted(out));
  }

  private static Path rocksDbFile(Path state, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("rocksdb"))) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted()
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + prefix + " file"));
    }
  }

  private static dev.rivulet.api.ProcessorDefinition<?, ?, ?> definition(String in, String out) {
    return CheckingProcessor.definition("checker", in, out, new CheckingProcessor());
  }
}
