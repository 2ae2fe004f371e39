package dev.rivulet.window;

import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.internal.runtime.InternalTopics;
import dev.rivulet.test.ProcessorTestDriver;
import dev.rivulet.test.TestRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    return ProcessorTestDriver.of(definition(agg, Duration.ZERO));
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
   * Live rows per changelog topic of the processor, rebuilt from the driver's changelog: the rows
   * whose last changelog record is not a tombstone. The timer store's watermark row is left out.
   */
  static Map<String, List<byte[]>> liveRows(ProcessorTestDriver<?, ?, ?> driver) {
    Map<String, Map<ByteBuffer, byte[]>> byTopic = new HashMap<>();
    for (ProducerRecord<byte[], byte[]> r : driver.changelog()) {
      Map<ByteBuffer, byte[]> rows = byTopic.computeIfAbsent(r.topic(), t -> new HashMap<>());
      if (r.value() == null) {
        rows.remove(ByteBuffer.wrap(r.key()));
      } else {
        rows.put(ByteBuffer.wrap(r.key()), r.key());
      }
    }
    Map<String, List<byte[]>> out = new HashMap<>();
    byTopic.forEach((topic, rows) -> {
      List<byte[]> keys = rows.values().stream()
          .filter(k -> !(topic.equals(timerTopic()) && k.length == 1 && k[0] == 'W')).toList();
      if (!keys.isEmpty()) {
        out.put(topic, keys);
      }
    });
    return out;
  }

  static String timerTopic() {
    return InternalTopics.changelog("test-driver", PROCESSOR, InternalTopics.TIMER_STORE);
  }

  /** Live event-time timers per key: rows {@code [domain][time:8][key]}. */
  static Map<String, Integer> liveTimersPerKey(ProcessorTestDriver<?, ?, ?> driver) {
    Map<String, Integer> out = new HashMap<>();
    for (byte[] row : liveRows(driver).getOrDefault(timerTopic(), List.of())) {
      String key = new String(row, 9, row.length - 9, java.nio.charset.StandardCharsets.UTF_8);
      out.merge(key, 1, Integer::sum);
    }
    return out;
  }
}
