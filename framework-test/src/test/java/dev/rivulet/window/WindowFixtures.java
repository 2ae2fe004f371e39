package dev.rivulet.window;

import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.internal.state.StoreNames;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Shared test types: an event with an id, and an order-insensitive accumulator of ids. */
final class WindowFixtures {
  static final String INPUT = "events";
  static final String OUTPUT = "results";
  static final String PROCESSOR = "agg";
  static final Output<String, Event> LATE = Output.of("late-events", Event.class);

  private WindowFixtures() {}

  record Event(String id) {}

  /** The sorted ids of a window's events: equal for any arrival order. */
  record Ids(List<String> ids) {
    static Ids empty() {
      return new Ids(List.of());
    }

    Ids add(Event e) {
      List<String> out = new ArrayList<>(ids);
      int at = Collections.binarySearch(out, e.id());
      out.add(at < 0 ? -at - 1 : at, e.id());
      return new Ids(List.copyOf(out));
    }

    Ids merge(Ids other) {
      List<String> out = new ArrayList<>(ids);
      out.addAll(other.ids);
      Collections.sort(out);
      return new Ids(List.copyOf(out));
    }

    static Ids of(String... ids) {
      List<String> sorted = new ArrayList<>(Arrays.asList(ids));
      Collections.sort(sorted);
      return new Ids(List.copyOf(sorted));
    }
  }

  /** An aggregation of {@link Ids} over {@code windows}, customised by {@code config}. */
  static WindowedAggregation<String, Event, Ids> ids(Windows windows,
      UnaryOperator<WindowedAggregation.Builder<String, Event, Ids>> config) {
    return config.apply(WindowedAggregation.<String, Event, Ids>of(windows)
        .aggregator(Ids::empty, Ids::add, Ids::merge)
        .accumulatorType(Ids.class)).build();
  }

  static ProcessorDefinition<String, Event, WindowResult<String, Ids>> definition(
      WindowedAggregation<String, Event, Ids> agg, Duration maxOutOfOrderness) {
    return agg.definitionBuilder(PROCESSOR)
        .keySerde(RivuletSerdes.string())
        .input(INPUT, Event.class)
        .output(OUTPUT, WindowResult.jsonSerde(String.class, Ids.class))
        .maxOutOfOrderness(maxOutOfOrderness)
        .build();
  }

  static ProcessorTestDriver<String, Event, WindowResult<String, Ids>> driver(
      WindowedAggregation<String, Event, Ids> agg) {
    return driver(agg, Duration.ZERO);
  }

  static ProcessorTestDriver<String, Event, WindowResult<String, Ids>> driver(
      WindowedAggregation<String, Event, Ids> agg, Duration maxOutOfOrderness) {
    return ProcessorTestDriver.of(definition(agg, maxOutOfOrderness));
  }

  static List<WindowResult<String, Ids>> results(
      ProcessorTestDriver<String, Event, WindowResult<String, Ids>> driver) {
    return driver.readOutput().stream().map(TestRecord::value).toList();
  }

  static WindowResult<String, Ids> result(String key, long start, long end, boolean isFinal,
      String... ids) {
    return new WindowResult<>(key, start, end, Ids.of(ids), isFinal);
  }

  /**
   * The live state of the processor per key, rebuilt from the driver's changelog: for each key,
   * one entry per row whose last changelog record is not a tombstone, naming its store ("timers"
   * for the timer store). The watermark row is left out. Stores named {@code window} or ending in
   * {@code -windows} are map states, the others value states.
   */
  static Map<String, List<String>> liveState(ProcessorTestDriver<?, ?, ?> driver) {
    Map<String, Map<ByteBuffer, byte[]>> byTopic = new HashMap<>();
    for (ProducerRecord<byte[], byte[]> r : driver.changelog()) {
      Map<ByteBuffer, byte[]> rows = byTopic.computeIfAbsent(r.topic(), t -> new HashMap<>());
      if (r.value() == null) {
        rows.remove(ByteBuffer.wrap(r.key()));
      } else {
        rows.put(ByteBuffer.wrap(r.key()), r.key());
      }
    }
    Map<String, List<String>> out = new TreeMap<>();
    byTopic.forEach((topic, rows) -> rows.values().forEach(row -> {
      String store = storeOf(topic);
      String key;
      if (store.equals("timers")) {
        // timer rows start with their domain; the watermark and input positions are not timers
        key = row[0] == 'E' || row[0] == 'P' ? utf8(row, 9, row.length - 9) : null;
      } else if (store.equals("window") || store.endsWith("-windows")) {
        key = utf8(row, 4, ByteBuffer.wrap(row).getInt());
      } else {
        key = utf8(row, 0, row.length);
      }
      if (key != null) {
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(store);
      }
    }));
    return out;
  }

  private static String storeOf(String changelogTopic) {
    String prefix = "test-driver-" + PROCESSOR + "-";
    String store = changelogTopic.substring(prefix.length(),
        changelogTopic.length() - "-changelog".length());
    return store.equals(StoreNames.TIMER_STORE) ? "timers" : store;
  }

  private static String utf8(byte[] bytes, int from, int length) {
    return new String(bytes, from, length, StandardCharsets.UTF_8);
  }

  /** Live event-time timers of {@code key}. */
  static long timersOf(ProcessorTestDriver<?, ?, ?> driver, String key) {
    return liveState(driver).getOrDefault(key, List.of()).stream()
        .filter("timers"::equals).count();
  }
}
