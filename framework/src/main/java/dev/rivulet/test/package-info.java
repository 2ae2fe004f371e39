/**
 * Test support: {@link dev.rivulet.test.ProcessorTestDriver} runs a processor definition without a
 * broker, with real RocksDB state and a controllable processing-time clock.
 */
@NullMarked
package dev.rivulet.test;

import org.jspecify.annotations.NullMarked;
