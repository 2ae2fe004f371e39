package dev.rivulet.spring.actuate;

import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import org.jspecify.annotations.Nullable;

/**
 * One store of a processor.
 *
 * @param name the store name
 * @param type {@code value}, {@code map}, {@code list} or {@code key-value}; only {@code value}
 *     stores can be queried through the endpoint
 * @param ttl time to live of entries (ISO-8601), or {@code null}
 * @param changelog its changelog topic, {@code <application-id>-<processor>-<store>-changelog}
 */
public record StoreDescriptor(String name, String type, @Nullable String ttl, String changelog) {

  /** The descriptor of a spec of processor {@code processorId}. */
  public static StoreDescriptor of(String applicationId, String processorId, StateSpec spec) {
    String type = spec instanceof ValueStateSpec<?> ? "value"
        : spec instanceof MapStateSpec<?, ?> ? "map"
        : spec instanceof ListStateSpec<?> ? "list"
        : spec instanceof KeyValueStoreSpec<?, ?> ? "key-value"
        : spec.getClass().getSimpleName();
    return new StoreDescriptor(spec.name(), type, spec.ttl() == null ? null : spec.ttl().toString(),
        applicationId + "-" + processorId + "-" + spec.name() + "-changelog");
  }
}
