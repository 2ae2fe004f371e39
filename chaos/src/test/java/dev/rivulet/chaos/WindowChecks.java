package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.chaos.CheckResult.Violations;
import dev.rivulet.chaos.ChaosModel.InputEvent;
import dev.rivulet.chaos.ChaosModel.WindowTotals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The checker's part for the windower: every window's final result recomputed offline from the
 * input. A window is {@code [start, end)} with {@code start = t - t mod size} of the record's
 * event time t (its timestamp: good records carry none of their own), and folds the key's good
 * records in offset order. The watermark of a partition never exceeds its largest event time minus
 * the out-of-orderness bound, and reaches it once the last record ran; so a window whose end lies
 * beyond that must not have been emitted, and one that ends well before it must have been, once.
 */
final class WindowChecks {
  /** Windows ending this close to the final watermark may or may not have closed yet. */
  private static final long UNDECIDED_MILLIS = 2_000;
  private static final JsonSerde<InputEvent> INPUT = JsonSerde.of(InputEvent.class);

  private final CheckScope scope;
  private final Reference reference;

  WindowChecks(CheckScope scope, Reference reference) {
    this.scope = scope;
    this.reference = reference;
  }

  /** One window of one key. */
  private record Window(String key, long start) {}

  /** Final window results: each once, only once the watermark passed, totals = reference. */
  CheckResult finalResults() throws Exception {
    long size = scope.profile().windowSeconds() * 1_000L;
    Map<Window, WindowTotals> expected = new LinkedHashMap<>();
    Map<Window, Integer> partitionOf = new HashMap<>();
    Map<Integer, Long> maxEventTime = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : reference.goodRecords) {
      InputEvent e = INPUT.deserialize(null, r.value());
      long ts = e.eventTime() != null ? e.eventTime() : r.timestamp();
      Window w = new Window(e.key(), ts - Math.floorMod(ts, size));
      expected.put(w, expected.getOrDefault(w, WindowTotals.EMPTY).add(e));
      partitionOf.put(w, r.partition());
      maxEventTime.merge(r.partition(), ts, Math::max);
    }
    // a null value passes a windowed aggregation as a tombstone (skipped, not dead-lettered): its
    // timestamp moves the watermark too
    reference.badInput.forEach((id, r) -> {
      if (BadKind.ofId(id) == BadKind.NULL_VALUE) {
        maxEventTime.merge(r.partition(), r.timestamp(), Math::max);
      }
    });
    Deserializer<WindowResult<String, WindowTotals>> results =
        WindowResult.jsonSerde(String.class, WindowTotals.class).deserializer();
    Violations v = new Violations();
    Map<Window, Integer> emitted = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> out =
        scope.admin().readAll(scope.topics().windows(), IsolationLevel.READ_COMMITTED);
    for (ConsumerRecord<byte[], byte[]> r : out) {
      WindowResult<String, WindowTotals> result = results.deserialize(r.topic(), r.value());
      Window w = new Window(result.key(), result.start());
      if (emitted.merge(w, 1, Integer::sum) == 2) {
        v.add(w + " emitted more than once");
      }
      WindowTotals want = expected.get(w);
      if (want == null) {
        v.add(w + " emitted, but no good record falls into it: " + result);
        continue;
      }
      if (!result.isFinal() || result.end() != w.start() + size
          || !want.equals(result.aggregate())) {
        v.add(w + ": " + result + ", reference " + want + " until " + (w.start() + size));
      }
      if (result.end() > watermarkBound(maxEventTime, partitionOf.get(w))) {
        v.add(w + " emitted before the watermark could pass its end " + result.end());
      }
    }
    int due = 0;
    for (Map.Entry<Window, WindowTotals> e : expected.entrySet()) {
      Window w = e.getKey();
      long end = w.start() + size;
      if (end + UNDECIDED_MILLIS < watermarkBound(maxEventTime, partitionOf.get(w))) {
        due++;
        if (!emitted.containsKey(w)) {
          v.add(w + " never emitted, though the watermark passed its end " + end);
        }
      }
    }
    return CheckResult.eos(CheckKind.WINDOW,
        "windows: each final result once, after the watermark passed its end, "
        + "totals = reference", v, due, "windows due (" + out.size() + " results)");
  }

  /** The largest watermark a partition's windower task can have reached. */
  private static long watermarkBound(Map<Integer, Long> maxEventTime, int partition) {
    return maxEventTime.get(partition) - ChaosTopology.WINDOW_OUT_OF_ORDERNESS.toMillis();
  }

  /**
   * The windower's dead letters: each bad record exactly once, no good one. Null values are the
   * exception: a windowed aggregation skips them as tombstones.
   */
  CheckResult deadLetters(Driver driver) throws Exception {
    Violations v = new Violations();
    List<ConsumerRecord<byte[], byte[]>> dlq = scope.admin().readAll(
        Checker.dlq(scope.app(), ChaosTopology.WINDOWER), IsolationLevel.READ_COMMITTED);
    Map<String, ConsumerRecord<byte[], byte[]>> seen = Checker.readDeadLetters(dlq, v);
    long bad = 0;
    for (Driver.Planned p : driver.plan()) {
      if (p.bad() == BadKind.NULL_VALUE) {
        if (seen.containsKey(p.id())) {
          v.add(p.id() + " (a null value) dead-lettered, though windows skip tombstones");
        }
      } else if (p.bad() != null) {
        bad++;
        if (!seen.containsKey(p.id())) {
          v.add(p.id() + " (" + p.bad() + ") not in the windower's DLQ");
        }
      }
    }
    return CheckResult.eos(CheckKind.DLQ,
        "windower DLQ: each bad record exactly once (null values skipped)", v,
        bad, "bad records");
  }
}
