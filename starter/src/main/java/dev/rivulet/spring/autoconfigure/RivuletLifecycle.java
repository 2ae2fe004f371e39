package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.runtime.Rivulet;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the runtime once the context is refreshed (after the web server, so health and the
 * Actuator endpoint answer during restores) and stops it gracefully before the web server's
 * graceful shutdown: its phase is just above
 * {@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}. The stop runs on its own
 * thread and gives the runtime nine tenths of {@code spring.lifecycle.timeout-per-shutdown-phase}
 * to commit and close its stores. A stopped runtime cannot be started again.
 */
final class RivuletLifecycle implements SmartLifecycle {

  /**
   * One above {@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE} (not referenced: the
   * web server module is optional).
   */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024 + 1;

  private static final Logger log = LoggerFactory.getLogger(RivuletLifecycle.class);

  private final Rivulet rivulet;
  private final boolean autoStartup;
  private final Duration closeTimeout;
  private volatile boolean running;

  RivuletLifecycle(Rivulet rivulet, boolean autoStartup, Duration shutdownPhaseTimeout) {
    this.rivulet = rivulet;
    this.autoStartup = autoStartup;
    Duration timeout = shutdownPhaseTimeout.minus(shutdownPhaseTimeout.dividedBy(10));
    this.closeTimeout = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
  }

  @Override
  public void start() {
    rivulet.start();
    running = true;
  }

  @Override
  public void stop() {
    close();
  }

  @Override
  public void stop(Runnable callback) {
    Thread thread = new Thread(() -> {
      try {
        close();
      } finally {
        callback.run();
      }
    }, "rivulet-shutdown-" + rivulet.applicationId());
    thread.start();
  }

  private void close() {
    try {
      log.info("Stopping Rivulet '{}' (waiting at most {})", rivulet.applicationId(), closeTimeout);
      rivulet.close(closeTimeout);
    } catch (RuntimeException e) {
      log.warn("Rivulet '{}' did not stop cleanly", rivulet.applicationId(), e);
    } finally {
      running = false;
    }
  }

  /** How long {@code stop} waits for the runtime to close. */
  Duration closeTimeout() {
    return closeTimeout;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
