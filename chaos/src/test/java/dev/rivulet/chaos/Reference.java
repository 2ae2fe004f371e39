package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.chaos.ChaosModel.GroupState;
import dev.rivulet.chaos.ChaosModel.InputEvent;
import dev.rivulet.chaos.ChaosModel.KeyState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * What the outputs must be, computed offline from the input as it is in the topic: the fold of
 * every good record over the prefix of its key (input offset order), and the final state per key.
 */
final class Reference {
  private static final JsonSerde<InputEvent> INPUT = JsonSerde.of(InputEvent.class);

  /** A good input record and the state its key reaches with it. */
  record Expected(InputEvent event, KeyState after) {}

  /** Good records by id, with the state after each. */
  final Map<String, Expected> byId = new HashMap<>();
  /** Final state per key. */
  final Map<String, KeyState> finalState = new LinkedHashMap<>();
  /** Every state a key went through (after each of its records, in input order). */
  final Map<String, Set<KeyState>> statesOf = new HashMap<>();
  /** How often each driver id (good or bad) is in the input; more than once is a driver bug. */
  final Map<String, Integer> inputCount = new HashMap<>();
  /** The good input records, each once, in input order (offset order within a partition). */
  final List<ConsumerRecord<byte[], byte[]>> goodRecords = new ArrayList<>();
  /** The bad input records by id (what the DLQ must reproduce). */
  final Map<String, ConsumerRecord<byte[], byte[]>> badInput = new HashMap<>();

  Reference(List<ConsumerRecord<byte[], byte[]>> input) {
    for (ConsumerRecord<byte[], byte[]> r : input) {
      String id = idOf(r);
      int seen = inputCount.merge(id, 1, Integer::sum);
      if (BadKind.ofId(id) != null) {
        badInput.putIfAbsent(id, r);
        continue;
      }
      if (seen > 1) {
        continue;
      }
      InputEvent e = INPUT.deserialize(null, r.value());
      KeyState after = finalState.getOrDefault(e.key(), KeyState.EMPTY)
          .add(e.id(), e.seq(), e.amount());
      finalState.put(e.key(), after);
      statesOf.computeIfAbsent(e.key(), k -> new HashSet<>()).add(after);
      byId.put(id, new Expected(e, after));
      goodRecords.add(r);
    }
  }

  static String idOf(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(ChaosModel.ID_HEADER);
    return h == null ? "<no id>" : new String(h.value(), StandardCharsets.UTF_8);
  }

  static @Nullable String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The stage 2 fold over the regrouped topic's order: state after each id, and final. */
  static final class Groups {
    final Map<String, GroupState> afterId = new HashMap<>();
    final Map<String, GroupState> finalState = new LinkedHashMap<>();
    final Map<String, List<String>> order = new LinkedHashMap<>();

    void add(String group, String id, long amount) {
      GroupState after = finalState.getOrDefault(group, GroupState.EMPTY).add(id, amount);
      finalState.put(group, after);
      afterId.put(id, after);
      order.computeIfAbsent(group, g -> new ArrayList<>()).add(id);
    }
  }
}
