/**
 * Typed state: specs declared as constants on a processor, and the handles a context returns for
 * them. Per-key state ({@link dev.rivulet.api.state.ValueState}, {@link dev.rivulet.api.state.MapState},
 * {@link dev.rivulet.api.state.ListState}) is scoped to the current key; a
 * {@link dev.rivulet.api.state.KeyValueStore} spans the task's partition. Every store is kept in
 * RocksDB and mirrored to a compacted changelog topic; writes become visible to other readers only
 * after their commit, but are read back immediately by the task that made them.
 */
@NullMarked
package dev.rivulet.api.state;

import org.jspecify.annotations.NullMarked;
