package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.RuntimeState;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Ties the application's availability to the runtime. While the runtime is not
 * {@code RUNNING} with every task restored (startup, rebalance, restore), readiness is
 * {@link ReadinessState#REFUSING_TRAFFIC}; once it is, readiness returns to
 * {@link ReadinessState#ACCEPTING_TRAFFIC} if Rivulet was what refused it. A runtime in
 * {@code ERROR} (which it never leaves) makes liveness {@link LivenessState#BROKEN}.
 *
 * <p>Evaluated on one private thread: on every runtime state change, restore end and
 * ACCEPTING_TRAFFIC published by someone else (Spring Boot publishes it once the application is
 * ready, which may be during a restore), and every {@value #POLL_MILLIS} ms as a safety net.
 * Stops evaluating once the context closes, so it never re-opens traffic during shutdown.
 */
final class RivuletAvailabilityPublisher
    implements SmartLifecycle, RivuletListener, ApplicationListener<ApplicationEvent> {

  static final long POLL_MILLIS = 200;

  private final ObjectProvider<Rivulet> rivulet;
  private final ApplicationEventPublisher events;
  private final ApplicationAvailability availability;
  private final Object lock = new Object();
  private @Nullable ScheduledExecutorService executor;
  private volatile boolean closing;
  private boolean refusedByRivulet;
  private boolean broken;

  RivuletAvailabilityPublisher(ObjectProvider<Rivulet> rivulet, ApplicationEventPublisher events,
      ApplicationAvailability availability) {
    this.rivulet = rivulet;
    this.events = events;
    this.availability = availability;
  }

  @Override
  public void start() {
    synchronized (lock) {
      ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rivulet-availability");
        t.setDaemon(true);
        return t;
      });
      ses.scheduleWithFixedDelay(this::evaluate, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
      executor = ses;
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      if (executor != null) {
        executor.shutdownNow();
        executor = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return executor != null;
    }
  }

  @Override
  public int getPhase() {
    return RivuletLifecycle.PHASE + 1; // starts after the runtime, stops before it
  }

  @Override
  public void onStateChange(RuntimeState from, RuntimeState to) {
    trigger();
  }

  @Override
  public void onRestoreEnd(String processorId, int partition, String store, long restored) {
    trigger();
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof ContextClosedEvent) {
      closing = true;
    } else if (event instanceof AvailabilityChangeEvent<?> change
        && change.getState() == ReadinessState.ACCEPTING_TRAFFIC && change.getSource() != this) {
      trigger(); // typically Spring Boot's own "application ready", maybe during a restore
    }
  }

  private void trigger() {
    ScheduledExecutorService ses;
    synchronized (lock) {
      ses = executor;
    }
    if (ses != null) {
      try {
        ses.execute(this::evaluate);
      } catch (RejectedExecutionException e) {
        // stopping
      }
    }
  }

  /** Publishes what the runtime's state implies; package-private for tests. */
  void evaluate() {
    Rivulet r = rivulet.getIfAvailable();
    if (r == null || closing) {
      return;
    }
    RuntimeState state = r.state();
    boolean ready = state == RuntimeState.RUNNING && r.allTasksRunning();
    synchronized (lock) {
      if (state == RuntimeState.ERROR && !broken) {
        broken = true;
        AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
      }
      ReadinessState current = availability.getReadinessState();
      if (!ready && current == ReadinessState.ACCEPTING_TRAFFIC) {
        refusedByRivulet = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
      } else if (ready && current == ReadinessState.REFUSING_TRAFFIC && refusedByRivulet) {
        refusedByRivulet = false;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
      }
    }
  }
}
