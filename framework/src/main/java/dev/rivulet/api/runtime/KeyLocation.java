package dev.rivulet.api.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Where a key of a processor lives: the input partition it falls into and the instance whose task
 * serves it, as of the last group assignment this instance received.
 *
 * @param processorId the processor
 * @param partition the key's input partition (and task)
 * @param ownerUrl the advertised URL of the instance that owns the partition, or {@code null}
 *     while nobody does (a rebalance moves it, or the owner advertises no URL)
 * @param local whether this instance owns the partition
 */
public record KeyLocation(String processorId, int partition, @Nullable String ownerUrl,
    boolean local) {}
