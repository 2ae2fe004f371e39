package dev.rivulet.spring.query;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;

/**
 * The store a query addresses: a processor of this application and one of its declared stores.
 *
 * @param definition the processor
 * @param spec its store
 */
record QueryTarget(ProcessorDefinition<?, ?, ?> definition, StateSpec spec) {

  /** The processor and store named in the path: 404 if there is no such processor or store. */
  static QueryTarget resolve(Rivulet rivulet, String processor, String store) {
    ProcessorDefinition<?, ?, ?> definition = rivulet.processors().stream()
        .filter(d -> d.id().equals(processor)).findFirst()
        .orElseThrow(() -> QueryProblem.notFound("unknown-processor", "No processor '"
            + processor + "'; processors: "
            + rivulet.processors().stream().map(ProcessorDefinition::id).toList()));
    StateSpec spec = definition.stateSpecs().stream().filter(s -> s.name().equals(store))
        .findFirst()
        .orElseThrow(() -> QueryProblem.notFound("unknown-store", "Processor '" + processor
            + "' has no store '" + store + "'; stores: "
            + definition.stateSpecs().stream().map(StateSpec::name).toList()));
    return new QueryTarget(definition, spec);
  }

  String processorId() {
    return definition.id();
  }

  String store() {
    return spec.name();
  }

  /** The store's spec if it is of {@code kind}; otherwise 400 saying which path fits it. */
  <S extends StateSpec> S require(Class<S> kind, String path) {
    if (kind.isInstance(spec)) {
      return kind.cast(spec);
    }
    throw QueryProblem.badRequest("wrong-store-kind", "Store '" + store() + "' of processor '"
        + processorId() + "' is a " + kindName(spec) + " store; " + path + " is for "
        + kindName(kind) + " stores. Query it with " + usage(spec));
  }

  /** 400 unless the store holds state per processor key (value, map or list state). */
  void requireKeyed() {
    if (spec instanceof KeyValueStoreSpec<?, ?>) {
      throw QueryProblem.badRequest("wrong-store-kind", "Store '" + store() + "' of processor '"
          + processorId() + "' is a key-value store (partition-wide, its own keys); query it "
          + "with " + usage(spec));
    }
  }

  private static String usage(StateSpec spec) {
    return spec instanceof KeyValueStoreSpec<?, ?>
        ? ".../partitions/{partition}/entries/{key} or .../partitions/{partition}/entries"
            + "?from=&to=&limit="
        : spec instanceof MapStateSpec<?, ?>
            ? ".../keys/{key} or .../keys/{key}/entries/{mapKey}" : ".../keys/{key}";
  }

  private static String kindName(Object specOrKind) {
    Class<?> kind = specOrKind instanceof Class<?> c ? c : specOrKind.getClass();
    if (ValueStateSpec.class.isAssignableFrom(kind)) {
      return "value";
    } else if (MapStateSpec.class.isAssignableFrom(kind)) {
      return "map";
    } else if (ListStateSpec.class.isAssignableFrom(kind)) {
      return "list";
    }
    return "key-value";
  }
}
