package dev.rivulet.sample.support;

import org.springframework.context.SmartLifecycle;

/**
 * Starts a {@link SampleGenerator} after everything else (the processors are running) and
 * closes it first. Start and stop come from the application context's lifecycle thread.
 */
final class GeneratorLifecycle implements SmartLifecycle {
  private final SampleGenerator<?> generator;
  private volatile boolean running;

  GeneratorLifecycle(SampleGenerator<?> generator) {
    this.generator = generator;
  }

  @Override
  public void start() {
    generator.start();
    running = true;
  }

  @Override
  public void stop() {
    generator.close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1000; // start last, stop first
  }
}
