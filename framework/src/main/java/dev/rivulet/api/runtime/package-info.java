/**
 * The runtime's face: {@link dev.rivulet.api.runtime.Rivulet} (one running instance of an
 * application), its builder and configuration, lifecycle states, listener callbacks, task
 * snapshots and meter names. The implementation is found through
 * {@link dev.rivulet.api.runtime.RivuletRuntimeFactory}; nothing here imports it.
 */
@NullMarked
package dev.rivulet.api.runtime;

import org.jspecify.annotations.NullMarked;
