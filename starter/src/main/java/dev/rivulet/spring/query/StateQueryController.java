package dev.rivulet.spring.query;

import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.InstanceInfo;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.KeyValueStoreSpec;
import dev.rivulet.api.state.ListStateSpec;
import dev.rivulet.api.state.MapStateSpec;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The routed state query API, version 1, under {@value #BASE}{@code /{processor}/{store}}:
 * <ul>
 *   <li>{@code GET .../keys/{key}}: a value store's value, a map store's entries, a list store's
 *       elements for the processor key;
 *   <li>{@code GET .../keys/{key}/entries/{mapKey}}: one entry of a map store;
 *   <li>{@code GET .../partitions/{p}/entries/{key}}: one entry of an ordered key-value store;
 *   <li>{@code GET .../partitions/{p}/entries?from=&to=&limit=}: its entries with
 *       {@code from <= key < to} in key order, at most {@code limit} (default 100, at most 1000).
 * </ul>
 * A request for a partition owned elsewhere is forwarded once by the {@link QueryForwarder};
 * the owner answers from committed state. {@code position=topic:nextOffset} (repeatable) makes
 * the owner wait, at most {@code rivulet.query.timeout}, until its committed state reflects
 * that position. {@code stale=true} lets an instance that holds a standby replica of a partition
 * owned elsewhere answer from it ({@code "source": "standby"} with its {@code lag}) instead of
 * forwarding (or, when the owner cannot answer, is forwarded to an instance with a replica);
 * answers from the owner say {@code "source": "active"}. Errors are RFC 9457 problems: 404 unknown processor, store or value; 400 store
 * of another kind, unreadable key or parameter; 503 (retryable, {@code Retry-After}) owner
 * unknown, unreachable, restoring or moved, position not reached.
 *
 * <p>Thread-safe.
 */
@RestController
@RequestMapping(StateQueryController.BASE)
final class StateQueryController {
  /** The API's base path; the version is part of it. */
  static final String BASE = RivuletQueryAutoConfiguration.STATE_PATH;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Rivulet rivulet;
  private final StateKeyParser keys;
  private final QueryForwarder forwarder;
  private final LocalStateReader reader;

  StateQueryController(Rivulet rivulet, StateKeyParser keys, QueryForwarder forwarder,
      LocalStateReader reader) {
    this.rivulet = rivulet;
    this.keys = keys;
    this.forwarder = forwarder;
    this.reader = reader;
  }

  @GetMapping("/{processor}/{store}/keys/{key}")
  ResponseEntity<?> key(@PathVariable String processor, @PathVariable String store,
      @PathVariable String key, @RequestParam MultiValueMap<String, String> params,
      @RequestHeader HttpHeaders headers) {
    QueryTarget target = QueryTarget.resolve(rivulet, processor, store);
    target.requireKeyed();
    Object parsed = processorKey(target, key);
    KeyLocation where = rivulet.locate(processor, parsed);
    StateSpec spec = target.spec();
    return answer(target, where, () -> path("/{p}/{s}/keys/{k}", params, processor, store, key),
        params, headers, state -> {
          Map<String, @Nullable Object> fields = new LinkedHashMap<>();
          fields.put("key", parsed);
          if (spec instanceof ValueStateSpec<?> value) {
            fields.put("value", state.value(value, parsed));
          } else if (spec instanceof MapStateSpec<?, ?> map) {
            fields.put("entries", entries(state.map(map, parsed)));
          } else if (spec instanceof ListStateSpec<?> list) {
            fields.put("elements", state.list(list, parsed));
          }
          return fields;
        });
  }

  @GetMapping("/{processor}/{store}/keys/{key}/entries/{mapKey}")
  ResponseEntity<?> mapEntry(@PathVariable String processor, @PathVariable String store,
      @PathVariable String key, @PathVariable String mapKey,
      @RequestParam MultiValueMap<String, String> params, @RequestHeader HttpHeaders headers) {
    QueryTarget target = QueryTarget.resolve(rivulet, processor, store);
    @SuppressWarnings("unchecked")
    MapStateSpec<Object, Object> spec =
        target.require(MapStateSpec.class, ".../keys/{key}/entries/{mapKey}");
    Object parsed = processorKey(target, key);
    Object parsedMapKey = storeKey(spec.keySerde(), mapKey, "map key", target);
    KeyLocation where = rivulet.locate(processor, parsed);
    return answer(target, where, () -> path("/{p}/{s}/keys/{k}/entries/{m}", params, processor,
        store, key, mapKey), params, headers, state -> {
          Map<String, @Nullable Object> fields = new LinkedHashMap<>();
          fields.put("key", parsed);
          fields.put("mapKey", parsedMapKey);
          fields.put("value", state.mapEntry(spec, parsed, parsedMapKey));
          return fields;
        });
  }

  @GetMapping("/{processor}/{store}/partitions/{partition}/entries/{key}")
  ResponseEntity<?> entry(@PathVariable String processor, @PathVariable String store,
      @PathVariable String partition, @PathVariable String key,
      @RequestParam MultiValueMap<String, String> params, @RequestHeader HttpHeaders headers) {
    QueryTarget target = QueryTarget.resolve(rivulet, processor, store);
    @SuppressWarnings("unchecked")
    KeyValueStoreSpec<Object, Object> spec =
        target.require(KeyValueStoreSpec.class, ".../partitions/{partition}/entries/{key}");
    int p = partition(partition);
    Object parsed = storeKey(spec.keySerde(), key, "key", target);
    KeyLocation where = locate(processor, p);
    return answer(target, where, () -> path("/{p}/{s}/partitions/{n}/entries/{k}", params,
        processor, store, partition, key), params, headers, state -> {
          Map<String, @Nullable Object> fields = new LinkedHashMap<>();
          fields.put("key", parsed);
          fields.put("value", state.get(spec, parsed));
          return fields;
        });
  }

  @GetMapping("/{processor}/{store}/partitions/{partition}/entries")
  ResponseEntity<?> range(@PathVariable String processor, @PathVariable String store,
      @PathVariable String partition, @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String limit,
      @RequestParam MultiValueMap<String, String> params, @RequestHeader HttpHeaders headers) {
    QueryTarget target = QueryTarget.resolve(rivulet, processor, store);
    @SuppressWarnings("unchecked")
    KeyValueStoreSpec<Object, Object> spec =
        target.require(KeyValueStoreSpec.class, ".../partitions/{partition}/entries");
    int p = partition(partition);
    Object lower = from == null ? null : storeKey(spec.keySerde(), from, "from key", target);
    Object upper = to == null ? null : storeKey(spec.keySerde(), to, "to key", target);
    int max = limit(limit);
    KeyLocation where = locate(processor, p);
    return answer(target, where, () -> path("/{p}/{s}/partitions/{n}/entries", params,
        processor, store, partition), params, headers, state -> {
          Map<String, @Nullable Object> fields = new LinkedHashMap<>();
          fields.put("from", lower);
          fields.put("to", upper);
          fields.put("limit", max);
          fields.put("entries", state.range(spec, lower, upper, max).stream()
              .map(e -> entry(e.getKey(), e.getValue())).toList());
          return fields;
        });
  }

  /**
   * Answers from this instance's task, or, for a partition owned elsewhere, from this instance's
   * standby replica when the caller allows stale reads and the replica has reached any requested
   * position, or else from the owner (forwarded once); a stale read the owner cannot answer
   * (none known, unreachable, restoring) goes to another instance's replica instead.
   */
  private ResponseEntity<?> answer(QueryTarget target, KeyLocation where,
      Supplier<String> forwardPath, MultiValueMap<String, String> params, HttpHeaders headers,
      Function<CommittedState<Object>, Map<String, @Nullable Object>> read) {
    boolean forwarded = QueryForwarder.isForwarded(headers);
    Map<String, Long> position = positions(params);
    // checked on every request, also when this instance owns the key and does not need it
    boolean stale = staleAllowed(params);
    if (!where.local()) {
      if (stale) {
        Optional<Map<String, @Nullable Object>> fromReplica =
            reader.readReplica(target, where.partition(), position, forwarded, read);
        if (fromReplica.isPresent()) {
          return ResponseEntity.ok(fromReplica.get());
        }
      }
      ResponseEntity<?> fromOwner = forwarder.forward(where, forwardPath.get(), headers);
      if (stale && !forwarded && fromOwner.getStatusCode().value() == 503) {
        // no owner, or it cannot answer now (gone, restoring): an instance with a replica can
        Optional<String> replica = replicaHolder(where.partition());
        if (replica.isPresent()) {
          return forwarder.forward(new KeyLocation(where.processorId(), where.partition(),
              replica.get(), false), forwardPath.get(), headers);
        }
      }
      return fromOwner;
    }
    return ResponseEntity.ok(reader.read(target, where.partition(), position, forwarded, read));
  }

  /** Another instance that keeps a replica of the partition, as of the last assignment. */
  private Optional<String> replicaHolder(int partition) {
    return rivulet.instances().stream()
        .filter(i -> !i.local() && i.replicaPartitions().contains(partition))
        .map(InstanceInfo::url).findFirst();
  }

  /** {@code stale=true}: a standby replica on the receiving instance may answer. */
  static boolean staleAllowed(MultiValueMap<String, String> params) {
    String value = params.getFirst("stale");
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true") || value.isEmpty()) {
      return true;
    }
    throw QueryProblem.badRequest("bad-stale", "stale '" + value + "' must be true or false "
        + "(true: a standby replica on the instance you asked may answer, possibly behind)");
  }

  @ExceptionHandler(QueryProblem.class)
  ResponseEntity<ProblemDetail> problem(QueryProblem problem, WebRequest request) {
    return problem.toResponse(request.getDescription(false).replaceFirst("^uri=", ""));
  }

  private Object processorKey(QueryTarget target, String text) {
    try {
      return keys.processorKey(target.definition(), text);
    } catch (IllegalArgumentException e) {
      throw QueryProblem.badRequest("bad-key", e.getMessage());
    }
  }

  private Object storeKey(Serde<?> serde, String text,
      String role, QueryTarget target) {
    try {
      return keys.storeKey(serde, text, role + " '" + text + "' of store '" + target.store()
          + "' of processor '" + target.processorId() + "'");
    } catch (IllegalArgumentException e) {
      throw QueryProblem.badRequest("bad-key", e.getMessage());
    }
  }

  /**
   * Where a partition lives: here if this instance has its active task (a standby replica does
   * not count), else its owner's URL.
   */
  private KeyLocation locate(String processor, int partition) {
    boolean local = rivulet.tasks().stream().anyMatch(t -> t.processorId().equals(processor)
        && t.partition() == partition && !t.state().isReplica());
    String owner = local ? rivulet.advertisedUrl().orElse(null) : rivulet.instances().stream()
        .filter(i -> i.partitions().contains(partition)).map(InstanceInfo::url).findFirst()
        .orElse(null);
    return new KeyLocation(processor, partition, owner, local);
  }

  /** The request's path and query, each part encoded, to send to the owner. */
  static String path(String template, MultiValueMap<String, String> params,
      Object... variables) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((name, values) -> values.forEach(value ->
        query.add(queryPart(name) + "=" + queryPart(value))));
    return UriComponentsBuilder.fromPath(BASE + template).encode().buildAndExpand(variables)
        .toUriString() + query;
  }

  /** A query parameter name or value, encoded ('+' too: servers read it as a space). */
  private static String queryPart(String text) {
    return UriUtils.encodeQueryParam(text, StandardCharsets.UTF_8).replace("+", "%2B");
  }

  /** {@code position=topic:nextOffset} parameters: the committed position to wait for. */
  static Map<String, Long> positions(MultiValueMap<String, String> params) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String value : params.getOrDefault("position", List.of())) {
      int colon = value.lastIndexOf(':');
      try {
        if (colon <= 0) {
          throw new NumberFormatException();
        }
        long offset = Long.parseLong(value.substring(colon + 1));
        if (offset < 0) {
          throw new NumberFormatException();
        }
        out.merge(value.substring(0, colon), offset, Math::max);
      } catch (NumberFormatException e) {
        throw QueryProblem.badRequest("bad-position", "position '" + value + "' must be "
            + "<input topic>:<next offset>, such as payments:42 (the offset of your record + 1)");
      }
    }
    return out;
  }

  private static int partition(String text) {
    try {
      int partition = Integer.parseInt(text);
      if (partition >= 0) {
        return partition;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw QueryProblem.badRequest("bad-partition", "partition '" + text + "' must be a "
        + "partition number (0 or more)");
  }

  private static int limit(@Nullable String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw QueryProblem.badRequest("bad-limit", "limit '" + text + "' must be between 1 and "
        + MAX_LIMIT + " (default " + DEFAULT_LIMIT + "); page by passing the last key returned as from (inclusive: skip it)");
  }

  private static List<Map<String, @Nullable Object>> entries(Map<?, ?> map) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>(map.size());
    map.forEach((k, v) -> out.add(entry(k, v)));
    return out;
  }

  private static Map<String, @Nullable Object> entry(@Nullable Object key,
      @Nullable Object value) {
    Map<String, @Nullable Object> entry = new LinkedHashMap<>();
    entry.put("key", key);
    entry.put("value", value);
    return entry;
  }
}
