package dev.rivulet.spring.console;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link MeterSampler} every sample interval on one daemon thread
 * ({@code rivulet-console-sampler}) while the application context runs.
 */
final class MeterSamplerSchedule implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(MeterSamplerSchedule.class);

  private final MeterSampler sampler;
  private final Duration interval;
  private @Nullable ScheduledExecutorService executor;

  MeterSamplerSchedule(MeterSampler sampler, Duration interval) {
    this.sampler = sampler;
    this.interval = interval;
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "rivulet-console-sampler");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      sampler.sample();
    } catch (RuntimeException e) { // a failed sample must not end the schedule
      log.warn("The console could not sample the meters", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
