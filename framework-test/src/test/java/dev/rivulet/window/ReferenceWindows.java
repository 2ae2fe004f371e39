package dev.rivulet.window;

import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.Windows;
import dev.rivulet.window.WindowFixtures.Ids;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A brute-force reference: the final results of a whole, known event set, computed directly from
 * the definitions in {@link Windows}' Javadoc, with no state, timers or watermark.
 */
final class ReferenceWindows {
  static final Comparator<WindowResult<String, Ids>> ORDER =
      Comparator.<WindowResult<String, Ids>, String>comparing(WindowResult::key)
          .thenComparingLong(WindowResult::start).thenComparingLong(WindowResult::end);

  private ReferenceWindows() {}

  record Timed(String key, String id, long ts) {}

  static List<WindowResult<String, Ids>> finals(Windows windows, List<Timed> events) {
    Map<String, List<Timed>> byKey = new TreeMap<>();
    events.forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
    List<WindowResult<String, Ids>> out = new ArrayList<>();
    byKey.forEach((key, list) -> {
      list.sort(Comparator.comparingLong(Timed::ts));
      out.addAll(finalsOfKey(windows, key, list));
    });
    out.sort(ORDER);
    return out;
  }

  private static List<WindowResult<String, Ids>> finalsOfKey(Windows w, String key,
      List<Timed> sorted) {
    if (w instanceof Windows.Tumbling t) {
      return fixed(key, sorted, t.size().toMillis(), t.size().toMillis());
    } else if (w instanceof Windows.Hopping h) {
      return fixed(key, sorted, h.size().toMillis(), h.advance().toMillis());
    } else if (w instanceof Windows.Sliding s) {
      return sliding(key, sorted, s.size().toMillis());
    }
    return sessions(key, sorted, ((Windows.Session) w).gap().toMillis());
  }

  private static List<WindowResult<String, Ids>> fixed(String key, List<Timed> sorted, long size,
      long advance) {
    Map<Long, List<String>> windows = new TreeMap<>();
    for (Timed e : sorted) {
      for (long start = Math.floorDiv(e.ts(), advance) * advance; start > e.ts() - size;
          start -= advance) {
        windows.computeIfAbsent(start, s -> new ArrayList<>()).add(e.id());
      }
    }
    List<WindowResult<String, Ids>> out = new ArrayList<>();
    windows.forEach((start, ids) -> out.add(result(key, start, start + size, ids)));
    return out;
  }

  private static List<WindowResult<String, Ids>> sliding(String key, List<Timed> sorted,
      long size) {
    List<WindowResult<String, Ids>> out = new ArrayList<>();
    TreeSet<Long> times = new TreeSet<>();
    sorted.forEach(e -> times.add(e.ts()));
    for (long t : times) {
      List<String> ids = sorted.stream().filter(e -> e.ts() > t - size && e.ts() <= t)
          .map(Timed::id).toList();
      out.add(result(key, t - size + 1, t + 1, ids));
    }
    return out;
  }

  private static List<WindowResult<String, Ids>> sessions(String key, List<Timed> sorted,
      long gap) {
    List<WindowResult<String, Ids>> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long first = sorted.get(0).ts();
    long last = first;
    for (Timed e : sorted) {
      if (e.ts() - last >= gap) {
        out.add(result(key, first, last + gap, ids));
        ids = new ArrayList<>();
        first = e.ts();
      }
      ids.add(e.id());
      last = e.ts();
    }
    out.add(result(key, first, last + gap, ids));
    return out;
  }

  private static WindowResult<String, Ids> result(String key, long start, long end,
      List<String> ids) {
    return new WindowResult<>(key, start, end, Ids.of(ids.toArray(String[]::new)), true);
  }
}
