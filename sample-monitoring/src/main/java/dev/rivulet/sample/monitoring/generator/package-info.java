/**
 * A seeded metrics generator: normal service traffic plus injected incidents (latency
 * spike, error burst, silence) with known ground truth.
 */
@NullMarked
package dev.rivulet.sample.monitoring.generator;

import org.jspecify.annotations.NullMarked;
