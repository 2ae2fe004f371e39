package dev.rivulet.spring.actuate;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What an interactive query of a value store returns.
 *
 * @param processor the processor id
 * @param store the value store
 * @param key the key as given
 * @param partition the partition the key belongs to
 * @param local whether this instance owns that partition and has restored it
 * @param found whether the key has a value here
 * @param value the committed value, or {@code null}
 * @param message why there is no value, or {@code null}
 */
public record StateQueryDescriptor(
    String processor,
    String store,
    String key,
    int partition,
    boolean local,
    boolean found,
    @Nullable Object value,
    @Nullable String message) implements OperationResponseBody {}
