/**
 * Benchmark harness: one KRaft broker in its own JVM, each contender in its own JVM, medians of
 * repetitions run side by side. Entry point {@link dev.rivulet.bench.BenchMain}.
 */
@NullMarked
package dev.rivulet.bench;

import org.jspecify.annotations.NullMarked;
