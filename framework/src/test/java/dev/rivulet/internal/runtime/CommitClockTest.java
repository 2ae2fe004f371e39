package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitClockTest {
  private static final long MS = 1_000_000L;
  private static final Duration MAX_WAIT = CommitClock.MAX_POLL_WAIT;

  @Test
  void aLateCommitDoesNotPushTheNextOneBack() {
    CommitClock clock = new CommitClock(Duration.ofMillis(100), 0);
    assertThat(clock.isDue(99 * MS)).isFalse();
    assertThat(clock.isDue(107 * MS)).isTrue();
    clock.started(107 * MS); // 7 ms late: the loop was busy
    assertThat(clock.isDue(199 * MS)).isFalse();
    assertThat(clock.isDue(200 * MS)).isTrue(); // not 207
    clock.started(203 * MS);
    assertThat(clock.isDue(300 * MS)).isTrue();
  }

  @Test
  void aWorkerAWholeIntervalBehindStartsANewCadence() {
    CommitClock clock = new CommitClock(Duration.ofMillis(100), 0);
    clock.started(250 * MS); // due at 100, the next slot (200) passed too
    assertThat(clock.isDue(349 * MS)).isFalse(); // no back-to-back commit at 251
    assertThat(clock.isDue(350 * MS)).isTrue();
  }

  @Test
  void anUnscheduledCommitRestartsTheCadence() {
    CommitClock clock = new CommitClock(Duration.ofMillis(100), 0);
    clock.restart(60 * MS); // rebalance commit
    assertThat(clock.isDue(159 * MS)).isFalse();
    assertThat(clock.isDue(160 * MS)).isTrue();
  }

  @Test
  void pollsNeverWaitPastTheDueCommit() {
    CommitClock clock = new CommitClock(Duration.ofMillis(100), 0);
    assertThat(clock.pollWait(0)).isEqualTo(MAX_WAIT);
    assertThat(clock.pollWait(70 * MS)).isEqualTo(Duration.ofMillis(30));
    assertThat(clock.pollWait(100 * MS)).isEqualTo(Duration.ZERO);
    assertThat(clock.pollWait(130 * MS)).isEqualTo(Duration.ZERO); // overdue
  }

  @Test
  void handlesNanoTimeWrapAround() {
    long start = Long.MAX_VALUE - 50 * MS;
    CommitClock clock = new CommitClock(Duration.ofMillis(100), start);
    assertThat(clock.isDue(start + 99 * MS)).isFalse();
    assertThat(clock.isDue(start + 100 * MS)).isTrue();
    assertThat(clock.pollWait(start + 80 * MS)).isEqualTo(Duration.ofMillis(20));
  }
}
