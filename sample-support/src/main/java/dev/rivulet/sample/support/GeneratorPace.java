package dev.rivulet.sample.support;

import java.time.Duration;

/**
 * How fast a sample's generator runs: event time starts {@link #backfill()} before the wall
 * clock and runs {@link #speed()} times faster until it catches up, then in real time; the
 * generator sends every {@link #tick()}. The samples' {@code GeneratorSettings} records implement
 * it, so the property names stay theirs ({@code fraud.generator.speed},
 * {@code monitoring.generator.speed}, ...).
 */
public interface GeneratorPace {

  /** Event-time speed-up while catching up with the wall clock (at least 1). */
  double speed();

  /** How far before the wall clock event time starts. */
  Duration backfill();

  /** Wall-clock interval of the generator's sends. */
  Duration tick();
}
