/**
 * JMH microbenchmarks of Rivulet's state layer and timers, on the framework's internal classes
 * (the same ones the runtime uses). Run with {@code java -cp benchmarks/target/rivulet-benchmarks.jar
 * org.openjdk.jmh.Main}.
 */
@NullMarked
package dev.rivulet.bench.jmh;

import org.jspecify.annotations.NullMarked;
