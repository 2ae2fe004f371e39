package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

class AbandonedTransactionsTest {
  private static final String LIVE = "5f0c8f1e-6a51-4f4e-9a9e-0d1c2b3a4f50";
  private static final String DEAD = "0b6d2c3e-1f2a-4b5c-8d9e-a0b1c2d3e4f5";

  private final AtomicInteger adminsCreated = new AtomicInteger();
  private final AbandonedTransactions abandoned = new AbandonedTransactions("shop",
      Duration.ofSeconds(3), () -> {
        adminsCreated.incrementAndGet();
        throw new IllegalStateException("no broker in a unit test");
      });

  @Test
  void fencesOnlyThisApplicationsOpenTransactionsOfInstancesNotInTheGroup() {
    List<TransactionListing> open = List.of(
        listing("shop-" + DEAD + "-0", TransactionState.ONGOING),
        listing("shop-" + DEAD + "-1", TransactionState.ONGOING),
        listing("shop-" + LIVE + "-0", TransactionState.ONGOING),
        // ended meanwhile: nothing to abort
        listing("shop-" + DEAD + "-2", TransactionState.COMPLETE_ABORT),
        // another application whose id starts like ours
        listing("shop-eu-" + DEAD + "-0", TransactionState.ONGOING),
        // the redrive tool's transactional id, and someone else's
        listing("shop-tx", TransactionState.ONGOING),
        listing("billing-" + DEAD + "-0", TransactionState.ONGOING));

    assertThat(abandoned.abandoned(open, Set.of(LIVE)))
        .containsExactly("shop-" + DEAD + "-0", "shop-" + DEAD + "-1");
  }

  @Test
  void aGroupWithAMemberOfUnknownInstanceFencesNothing() {
    // a member of an old app version, or one still opening its state, reports no instance id:
    // its transactions could be any of those not accounted for
    abandoned.afterAssignment(new ArrayList<>(Arrays.asList(LIVE, null)));
    abandoned.afterAssignment(List.of());
    abandoned.close();

    assertThat(adminsCreated).hasValue(0);
  }

  @Test
  void aCompleteGroupAsksTheBrokerOnItsOwnThread() throws Exception {
    abandoned.afterAssignment(List.of(LIVE));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (adminsCreated.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    abandoned.close();
    assertThat(adminsCreated).hasValue(1);
  }

  @Test
  void aFailedAttemptIsRetriedAFewTimesThenGivenUp() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AbandonedTransactions fencer = new AbandonedTransactions("shop", Duration.ofSeconds(3), () -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("Unexpected key set: [BrokerKey(brokerId=2)]");
    }, Duration.ofMillis(5));

    fencer.afterAssignment(List.of(LIVE));
    awaitQuietThread(fencer);
    fencer.close();

    assertThat(attempts).hasValue(4);
  }

  @Test
  void aNewerAssignmentWaitingEndsTheRetriesOfAnOlderOne() throws Exception {
    CountDownLatch firstFailed = new CountDownLatch(1);
    CountDownLatch secondQueued = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    AbandonedTransactions fencer = new AbandonedTransactions("shop", Duration.ofSeconds(3), () -> {
      if (attempts.incrementAndGet() == 1) {
        firstFailed.countDown();
        await(secondQueued);
      }
      throw new IllegalStateException("broker restarting");
    }, Duration.ofMillis(5));

    fencer.afterAssignment(List.of(LIVE));
    assertThat(firstFailed.await(10, TimeUnit.SECONDS)).isTrue();
    fencer.afterAssignment(List.of(LIVE, DEAD)); // queued behind the running one
    secondQueued.countDown();
    awaitQuietThread(fencer);
    fencer.close();

    // the first call stops after its failure (a newer one waits); the newer one retries fully
    assertThat(attempts).hasValue(1 + 4);
  }

  private static void awaitQuietThread(AbandonedTransactions fencer) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!fencer.idle() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(fencer.idle()).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TransactionListing listing(String id, TransactionState state) {
    return new TransactionListing(id, 1L, state);
  }
}
