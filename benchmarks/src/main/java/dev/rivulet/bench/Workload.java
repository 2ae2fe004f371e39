package dev.rivulet.bench;

import java.util.Locale;

/**
 * The input of one throughput measurement: how many records, over how many distinct keys, with
 * values of what size. The key distribution, partition count, commit interval and seed come from
 * the options and are the same for every workload of a harness run.
 */
record Workload(long records, int keys, int valueBytes) {

  Workload {
    if (records < 1 || keys < 1 || valueBytes < 0) {
      throw new IllegalArgumentException("a workload needs records >= 1, keys >= 1 and"
          + " value bytes >= 0; was " + records + ", " + keys + ", " + valueBytes);
    }
  }

  /** The workload the options describe (the throughput command's). */
  static Workload of(BenchOptions o) {
    return new Workload(o.records(), o.keys(), o.valueBytes());
  }

  /** A short label for tables, e.g. {@code 1M keys, 100 B}. */
  String label() {
    return count(keys) + " keys, " + (valueBytes >= 1000 && valueBytes % 1000 == 0
        ? valueBytes / 1000 + " KB" : valueBytes + " B");
  }

  /** One line for a report heading, with the options' shared settings. */
  String describe(BenchOptions o) {
    return String.format(Locale.ROOT, "%,d records, %,d keys %s, %d partitions, %d-byte values,"
            + " commit interval %d ms", records, keys, o.keyDistribution(), o.partitions(),
        valueBytes, o.commitMs());
  }

  private static String count(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }
}
