package dev.rivulet.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which key index each generated record gets: uniform over {@code keys}, Zipf with exponent
 * {@code s} (rank 1 most frequent) by inverse transform of the precomputed CDF, or every key in
 * turn (a store with every key, for the scaling benchmark).
 *
 * <p>Not thread-safe (owns its random source); deterministic for a seed.
 */
final class KeyDistribution {
  private final int keys;
  private final double[] cdf; // null for uniform
  private final SplittableRandom random;
  private final boolean sequential;
  private int nextSequential;

  private KeyDistribution(int keys, double[] cdf, long seed) {
    this(keys, cdf, seed, false);
  }

  private KeyDistribution(int keys, double[] cdf, long seed, boolean sequential) {
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be >= 1, was " + keys);
    }
    this.keys = keys;
    this.cdf = cdf;
    this.random = new SplittableRandom(seed);
    this.sequential = sequential;
  }

  /** 0, 1, ..., keys - 1, then again from 0. */
  static KeyDistribution sequential(int keys) {
    return new KeyDistribution(keys, null, 0, true);
  }

  static KeyDistribution uniform(int keys, long seed) {
    return new KeyDistribution(keys, null, seed);
  }

  static KeyDistribution zipf(int keys, double exponent, long seed) {
    if (exponent <= 0) {
      throw new IllegalArgumentException("Zipf exponent must be > 0, was " + exponent);
    }
    double[] cdf = new double[keys];
    double sum = 0;
    for (int rank = 1; rank <= keys; rank++) {
      sum += 1.0 / Math.pow(rank, exponent);
      cdf[rank - 1] = sum;
    }
    for (int i = 0; i < keys; i++) {
      cdf[i] /= sum;
    }
    return new KeyDistribution(keys, cdf, seed);
  }

  /** Parses {@code uniform} or {@code zipf:<exponent>}. */
  static KeyDistribution parse(String spec, int keys, long seed) {
    if (spec.equals("uniform")) {
      return uniform(keys, seed);
    }
    if (spec.startsWith("zipf:")) {
      return zipf(keys, Double.parseDouble(spec.substring(5)), seed);
    }
    throw new IllegalArgumentException("--keys-dist must be uniform or zipf:<s>, was " + spec);
  }

  int keys() {
    return keys;
  }

  /** The next key index in {@code [0, keys)}. */
  int next() {
    if (sequential) {
      int i = nextSequential;
      nextSequential = (i + 1) % keys;
      return i;
    }
    if (cdf == null) {
      return random.nextInt(keys);
    }
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(keys - 1, i >= 0 ? i : -i - 1);
  }

  /** The key string of an index (what every contender sees as the record key). */
  static String key(int index) {
    return "key-" + index;
  }
}
