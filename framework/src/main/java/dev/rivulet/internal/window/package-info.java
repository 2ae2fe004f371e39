/**
 * Internal: the implementation of {@link dev.rivulet.api.window}. Per key, a map state holds one
 * {@link dev.rivulet.internal.window.Slot} per open window (ordered by window start) and a value
 * state holds the key's {@link dev.rivulet.internal.window.Schedule}: the one event-time timer the
 * key has, set to the earliest of its next window deadline and its next early-update tick.
 */
@NullMarked
package dev.rivulet.internal.window;

import org.jspecify.annotations.NullMarked;
