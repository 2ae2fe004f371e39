/**
 * Rivulet's processor API: keyed processors, their context and timers, typed state specs,
 * inputs, outputs, error and retry policies, and processor definitions. Its sub-packages hold
 * state and serde types, windowed aggregations, the runtime's face
 * ({@code dev.rivulet.api.runtime}) and operations ({@code dev.rivulet.api.ops}). Nothing in
 * {@code dev.rivulet.api..} imports {@code dev.rivulet.internal..}; everything outside the API
 * packages is internal and may change without notice.
 */
@NullMarked
package dev.rivulet.api;

import org.jspecify.annotations.NullMarked;
