package dev.rivulet.internal.runtime;

import static dev.rivulet.internal.runtime.RuntimeFixture.IN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.internal.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A task whose committed state reflects input up to offset 5, against the group's offset. */
class PositionGuardTest {
  private static final TopicPartition IN_0 = new TopicPartition(IN, 0);
  private static final TopicPartition IN_1 = new TopicPartition(IN, 1);
  private static final TopicPartition IN_2 = new TopicPartition(IN, 2);

  @TempDir Path dir;
  private RuntimeFixture fx;
  private Task<String, String, Long> task;
  private final List<Task<?, ?, ?>> started = new ArrayList<>();

  @BeforeEach
  void open() {
    fx = new RuntimeFixture(dir, IN);
    task = fx.running(0);
    for (long offset = 0; offset < 5; offset++) {
      fx.process(task, IN, offset, "a");
    }
    fx.commits.commit(List.of(task));
    assertThat(task.committedPosition(IN_0)).isEqualTo(5L);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private double corrections() {
    return fx.registry.get(RivuletMetricNames.POSITIONS_CORRECTED).tag("partition", "0")
        .counter().count();
  }

  @ParameterizedTest(name = "group offset {0}, guard enabled {1} -> resumes at {2}")
  @CsvSource({
      "2, true, 5", // behind the state: corrected
      "5, true, 5", // aligned
      "8, true, 8", // ahead: an operator skipped input on purpose
      "2, false, 2", // at-least-once: the state may be ahead, replay is expected
  })
  void aTaskResumesFromTheStateOnlyWhereTheGroupOffsetIsBehindIt(long groupOffset,
      boolean enabled, long expected) {
    fx.consumer.seek(IN_0, groupOffset);
    PositionGuard guard = new PositionGuard(fx.consumer, enabled);

    guard.await(task);
    guard.startAligned(started::add);

    assertThat(started).containsExactly(task);
    assertThat(fx.consumer.position(IN_0)).isEqualTo(expected);
    assertThat(corrections()).isEqualTo(expected != groupOffset ? 1.0 : 0.0);
  }

  @Test
  void aTaskWaitsWhileItsGroupOffsetIsUnknownAndTasksBehindItWaitToo() {
    UnknownOffsets consumer = new UnknownOffsets();
    consumer.assign(fx.consumer.assignment());
    consumer.updateBeginningOffsets(Map.of(IN_0, 0L, IN_1, 0L));
    consumer.seek(IN_0, 2);
    Task<String, String, Long> other = fx.running(1);
    PositionGuard guard = new PositionGuard(consumer, true);
    guard.await(task);
    guard.await(other);

    consumer.unknown = true;
    guard.startAligned(started::add);
    assertThat(started).isEmpty();

    consumer.unknown = false;
    guard.startAligned(started::add);
    assertThat(started).containsExactly(task, other);
    assertThat(consumer.position(IN_0)).isEqualTo(5L);
  }

  @Test
  void aStateBehindTheGroupWhileAChangelogTransactionIsOpenRestoresOnUntilItEnds() {
    fx.consumer.seek(IN_0, 8); // a later owner committed up to 8; the state only reflects 5
    AtomicBoolean open = new AtomicBoolean(true);
    List<Task<?, ?, ?>> restoringOn = new ArrayList<>();
    PositionGuard guard = new PositionGuard(fx.consumer, true, changelogs -> {
      assertThat(changelogs).isNotEmpty();
      return open.get();
    });
    guard.await(task);

    guard.startAligned(started::add, restoringOn::add);
    assertThat(started).isEmpty();
    assertThat(restoringOn).containsExactly(task);

    guard.await(task); // its restore found nothing new: back, and not looked at again at once
    guard.startAligned(started::add, restoringOn::add);
    assertThat(restoringOn).hasSize(1);

    open.set(false); // the broker aborted the crashed owner's transaction: one last restore
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      guard.startAligned(started::add, restoringOn::add);
      assertThat(restoringOn).hasSize(2);
    });
    assertThat(started).isEmpty();

    guard.await(task); // back from that restore: it runs
    guard.startAligned(started::add, restoringOn::add);
    assertThat(started).containsExactly(task);
    assertThat(fx.consumer.position(IN_0)).as("an offset ahead is kept once nothing is open")
        .isEqualTo(8L);
  }

  @Test
  void aStateBehindTheGroupWithNoOpenTransactionStartsAtOnce() {
    fx.consumer.seek(IN_0, 8);
    PositionGuard guard = new PositionGuard(fx.consumer, true, changelogs -> false);
    guard.await(task);

    guard.startAligned(started::add, t -> {
      throw new AssertionError("no restore on without an open transaction");
    });

    assertThat(started).containsExactly(task);
  }

  @Test
  void aForgottenTaskIsNeverStarted() {
    PositionGuard guard = new PositionGuard(fx.consumer, true);
    guard.await(task);
    guard.forget(task);

    guard.startAligned(started::add);

    assertThat(started).isEmpty();
  }

  @Test
  void rewindGoesToTheStatesPositionThenTheGroupsOffsetThenTheBeginning() {
    Task<String, String, Long> withGroupOffset = fx.running(1);
    Task<String, String, Long> withNothing = fx.running(2);
    fx.consumer.commitSync(Map.of(IN_1, new OffsetAndMetadata(3)));
    fx.consumer.seek(IN_0, 9);
    fx.consumer.seek(IN_1, 9);
    fx.consumer.seek(IN_2, 9);

    new PositionGuard(fx.consumer, true).rewind(List.of(task, withGroupOffset, withNothing));

    assertThat(fx.consumer.position(IN_0)).isEqualTo(5L);
    assertThat(fx.consumer.position(IN_1)).isEqualTo(3L);
    assertThat(fx.consumer.position(IN_2)).isEqualTo(0L);
  }

  @Test
  void aDisabledGuardRewindsToTheGroupsOffsetsOnly() {
    fx.consumer.commitSync(Map.of(IN_0, new OffsetAndMetadata(3)));
    fx.consumer.seek(IN_0, 9);

    new PositionGuard(fx.consumer, false).rewind(List.of(task));

    assertThat(fx.consumer.position(IN_0)).isEqualTo(3L);
  }

  /** A consumer whose committed offsets the coordinator has not served yet. */
  private static final class UnknownOffsets
      extends MockConsumer<byte[], byte[]> {
    volatile boolean unknown;

    UnknownOffsets() {
      super("earliest");
    }

    @Override
    public synchronized long position(TopicPartition partition, Duration timeout) {
      if (unknown) {
        throw new TimeoutException("offset not known yet");
      }
      return super.position(partition, timeout);
    }
  }
}
