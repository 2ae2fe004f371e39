/**
 * A seeded traffic generator: normal card traffic plus injected frauds with known ground truth.
 */
@NullMarked
package dev.rivulet.sample.fraud.generator;

import org.jspecify.annotations.NullMarked;
