package dev.rivulet.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small numeric helpers for reporting. */
final class Stats {
  private Stats() {}

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static String fmt(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String list(List<Double> values, int decimals) {
    return values.stream().map(v -> fmt(v, decimals)).toList().toString();
  }
}
