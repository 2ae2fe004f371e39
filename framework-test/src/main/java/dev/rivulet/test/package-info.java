/**
 * Rivulet's test kit (artifact {@code rivulet-test}, test scope):
 * {@link dev.rivulet.test.ProcessorTestDriver} runs a processor definition without a broker,
 * with real RocksDB state, the runtime's own commit cycle and a controllable processing-time
 * clock.
 */
@NullMarked
package dev.rivulet.test;

import org.jspecify.annotations.NullMarked;
