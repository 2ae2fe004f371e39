package dev.rivulet.sample.support;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton of a sample's generator: drives its simulation as event time advances on an
 * {@link EventClock}. Every {@link GeneratorPace#tick()} of the wall clock, {@link #advance}
 * moves the simulation to the event time the clock reads and sends what it made up to then; a
 * tick that fails is logged and the next one tries again from where the simulation stands.
 * {@link GeneratorLifecycleConfiguration} starts the application's generator after everything
 * else and closes it first.
 *
 * <p>The simulation lives on the generator's own daemon thread between {@link #start()} and
 * {@link #close()}: {@link #advance} runs there, and {@link #execute} hands it other work, so the
 * simulation needs no synchronization. {@link #origin()} and {@link #eventTime()} are
 * thread-safe.
 *
 * @param <S> the simulation
 */
public abstract class SampleGenerator<S> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SampleGenerator.class);

  private final String name;
  private final String threadName;
  private final GeneratorPace pace;
  private final LongSupplier wallClock;
  private volatile long origin = Long.MIN_VALUE;
  private volatile long eventTime = Long.MIN_VALUE;
  private @Nullable ScheduledExecutorService executor;
  private @Nullable S simulation;

  /**
   * A generator that is not started yet.
   *
   * @param name what it is, as messages name it ({@code "traffic generator"})
   * @param threadName the name of its thread
   * @param pace how far back event time starts, how fast it runs, how often it ticks
   * @param wallClock the wall clock, millis
   */
  protected SampleGenerator(String name, String threadName, GeneratorPace pace,
      LongSupplier wallClock) {
    this.name = name;
    this.threadName = threadName;
    this.pace = pace;
    this.wallClock = wallClock;
  }

  /**
   * Makes the simulation; called once, by {@link #start()}, on the caller's thread.
   *
   * @param origin the event time it starts at ({@code backfill} before the wall clock)
   * @return the simulation
   */
  protected abstract S simulationAt(long origin);

  /**
   * Moves the simulation to {@code eventTime} and sends what it made. On the generator's thread.
   *
   * @param simulation the simulation
   * @param eventTime the event time the clock reads now
   */
  protected abstract void advance(S simulation, long eventTime);

  /**
   * Called at the end of {@link #start()} (to log what runs); does nothing by default.
   *
   * @param clock the event-time clock of this run
   */
  protected void started(EventClock clock) {}

  /** Called by the {@link #close()} that stopped the generator; does nothing by default. */
  protected void stopped() {}

  /**
   * Starts sending: event time starts {@code backfill} before now. Once only.
   *
   * @throws IllegalStateException if the generator was started before
   */
  public final synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("Generator already started");
    }
    EventClock clock = EventClock.startingAt(wallClock.getAsLong(), pace);
    origin = clock.eventStart();
    S started = simulationAt(origin);
    simulation = started;
    ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    });
    exec.scheduleWithFixedDelay(() -> tick(started, clock), 0, pace.tick().toMillis(),
        TimeUnit.MILLISECONDS);
    executor = exec;
    started(clock);
  }

  private void tick(S simulation, EventClock clock) {
    try {
      long target = clock.eventTimeAt(wallClock.getAsLong());
      advance(simulation, target);
      eventTime = target;
    } catch (RuntimeException e) {
      log.warn("Generator tick failed; retrying on the next tick", e);
    }
  }

  /**
   * Runs {@code action} on the simulation, on the generator's thread after the current tick.
   *
   * @param action what to do with the simulation
   * @throws IllegalStateException if the generator is not running
   */
  protected final synchronized void execute(Consumer<S> action) {
    ScheduledExecutorService exec = executor;
    S sim = simulation;
    if (exec == null || sim == null || exec.isShutdown()) {
      throw new IllegalStateException("The " + name + " is not running");
    }
    exec.execute(() -> action.accept(sim));
  }

  /** Event time the generator started at, or {@link Long#MIN_VALUE} before it started. */
  public final long origin() {
    return origin;
  }

  /** Event time the generator has reached, or {@link Long#MIN_VALUE} before its first tick. */
  public final long eventTime() {
    return eventTime;
  }

  /**
   * Stops sending, waiting up to 10 seconds for a tick in progress. Records still buffered in
   * the producer go out when it is flushed or closed (not here: at JVM exit the broker may
   * already be gone). Idempotent.
   */
  @Override
  public final synchronized void close() {
    ScheduledExecutorService exec = executor;
    if (exec == null || exec.isShutdown()) {
      return;
    }
    exec.shutdown();
    try {
      if (!exec.awaitTermination(10, TimeUnit.SECONDS)) {
        exec.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopped();
  }
}
