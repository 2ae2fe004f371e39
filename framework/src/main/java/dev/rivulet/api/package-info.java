/**
 * Rivulet's public API: keyed processors, their context, typed state specs, outputs, processor
 * definitions and the standalone runtime. Everything outside {@code dev.rivulet.api..} and
 * {@code dev.rivulet.test} is internal and may change without notice.
 */
@NullMarked
package dev.rivulet.api;

import org.jspecify.annotations.NullMarked;
