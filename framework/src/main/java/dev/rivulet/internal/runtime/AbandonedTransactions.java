package dev.rivulet.internal.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the transactions that instances which left the group without ending them (SIGKILLed,
 * partitioned away) keep open. Such a transaction holds back the last stable offset of every
 * output and changelog partition it wrote to until the broker times it out
 * ({@code transaction.timeout.ms}, then up to the broker's abort check interval: 10-20 s with
 * the defaults): {@code read_committed} readers see nothing the task's new owner commits
 * meanwhile, and a restore stops short of it. A transactional id is fenced (its epoch bumped,
 * which aborts its open transaction) when all of these hold:
 *
 * <ul>
 *   <li>it is one of this application's: {@code <applicationId>-<instance id>-<thread>};
 *   <li>its instance is not in the group: every member of the assignment just made reported its
 *       instance id, and none is this one (with a member that reported none, nothing is fenced);
 *   <li>its transaction has been open for longer than half the session timeout (by the broker's
 *       clock). An instance that died did so at least a session timeout before the rebalance
 *       that noticed it; a member that joins after the assignment starts transactions later.
 * </ul>
 *
 * Fencing a live instance by mistake would cost it a rejoin, never correctness: a fenced
 * producer commits nothing, and the worker recreates it and rejoins. The group leader calls
 * {@link #afterAssignment} from its assignor; the listing and fencing run on a thread of their
 * own, so the rebalance never waits for them, and a newer assignment replaces a pending one. A
 * failed attempt (a broker restarting, a leader moving) is retried a few times with backoff
 * unless a newer assignment is waiting. Thread-safe.
 */
final class AbandonedTransactions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AbandonedTransactions.class);
  private static final long TIMEOUT_MILLIS = 10_000;
  /** Listing transactions asks every broker: one restarting fails the whole call. */
  private static final int ATTEMPTS = 4;

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final Pattern ownIds;
  private final Duration minAge;
  private final Supplier<Admin> admin;
  /** The wait after the first failed attempt; doubled after each further one. */
  private final Duration backoff;
  private final ThreadPoolExecutor thread;
  private volatile boolean unsupported;

  /**
   * @param applicationId the prefix of this application's transactional ids
   * @param minAge how long a transaction must have been open to count as abandoned: half the
   *     session timeout
   * @param admin the runtime's admin client, created on first use
   */
  AbandonedTransactions(String applicationId, Duration minAge, Supplier<Admin> admin) {
    this(applicationId, minAge, admin, Duration.ofMillis(500));
  }

  AbandonedTransactions(String applicationId, Duration minAge, Supplier<Admin> admin,
      Duration backoff) {
    this.backoff = backoff;
    this.ownIds = Pattern.compile(Pattern.quote(applicationId + "-") + "(" + UUID + ")-\\d+");
    this.minAge = minAge;
    this.admin = admin;
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(1), r -> {
          Thread t = new Thread(r, "rivulet-" + applicationId + "-fencer");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  /**
   * Called by the group leader once it has assigned the partitions, with every member's instance
   * id (null for a member that reported none). Returns at once; the fencing follows on this
   * object's thread.
   */
  void afterAssignment(Collection<@Nullable String> memberInstanceIds) {
    if (unsupported || memberInstanceIds.isEmpty()
        || memberInstanceIds.stream().anyMatch(Objects::isNull)) {
      return; // an old app version, or a member still opening its state: no complete picture
    }
    Set<String> live = Set.copyOf(memberInstanceIds);
    thread.execute(() -> fenceAbandoned(live));
  }

  private void fenceAbandoned(Set<String> live) {
    for (int attempt = 0; ; attempt++) {
      @Nullable String failure = tryFence(live);
      if (failure == null) {
        return;
      }
      if (attempt + 1 >= ATTEMPTS || !thread.getQueue().isEmpty()) {
        // out of attempts, or a newer assignment is queued and will look again
        log.warn("Could not fence the transactions of instances that left the group ({}); they "
            + "end when they time out", failure);
        return;
      }
      try {
        Thread.sleep(backoff.toMillis() << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One listing and fencing; returns why it failed in a way worth retrying (an admin request
   * that met a broker restarting or a leader moving), or null when done or not retriable.
   */
  private @Nullable String tryFence(Set<String> live) {
    try {
      Collection<TransactionListing> open = admin.get().listTransactions(
          new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING))
              .filterOnDuration(minAge.toMillis()))
          .all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      Set<String> abandoned = abandoned(open, live);
      if (abandoned.isEmpty()) {
        return null;
      }
      admin.get().fenceProducers(abandoned).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      log.info("Fenced transactional ids {} of instances no longer in the group: their open "
          + "transactions are aborted now rather than when they time out", abandoned);
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnsupportedVersionException) {
        unsupported = true;
        log.info("The brokers cannot list transactions by duration ({}); open transactions of "
            + "instances that left the group end when they time out", e.getCause().toString());
        return null;
      }
      return e.getCause().toString();
    } catch (TimeoutException e) {
      return "no answer within " + TIMEOUT_MILLIS + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (RuntimeException e) {
      // e.g. the admin client's "Unexpected key set" when the brokers changed mid-listing
      return e.toString();
    }
  }

  /** The listed transactional ids that are this application's and of no live instance. */
  Set<String> abandoned(Collection<TransactionListing> open, Set<String> liveInstanceIds) {
    Set<String> out = new TreeSet<>();
    for (TransactionListing t : open) {
      Matcher m = ownIds.matcher(t.transactionalId());
      if (t.state() == TransactionState.ONGOING && m.matches()
          && !liveInstanceIds.contains(m.group(1))) {
        out.add(t.transactionalId());
      }
    }
    return out;
  }

  /** Whether no fencing runs or waits (for tests). */
  boolean idle() {
    return thread.getActiveCount() == 0 && thread.getQueue().isEmpty();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
