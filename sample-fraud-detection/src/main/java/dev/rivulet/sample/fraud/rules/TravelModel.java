package dev.rivulet.sample.fraud.rules;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How fast a cardholder can get from one country to another: the great-circle distance between
 * the countries' capitals at {@code speed} km/h, plus a fixed {@code overhead} per trip (airports,
 * getting there). Deliberately simple; a real system would use airport-to-airport schedules and
 * IP or terminal locations. Immutable and thread-safe.
 *
 * @param speed km/h
 * @param overhead added to every trip between two different countries
 */
public record TravelModel(double speed, Duration overhead) {

  private static final double EARTH_RADIUS_KM = 6371.0;

  /** Capital coordinates (latitude, longitude) of the countries the model knows. */
  private static final Map<String, double[]> CAPITALS = Map.ofEntries(
      Map.entry("AT", new double[] {48.21, 16.37}),
      Map.entry("AU", new double[] {-35.28, 149.13}),
      Map.entry("BR", new double[] {-15.79, -47.88}),
      Map.entry("DE", new double[] {52.52, 13.40}),
      Map.entry("ES", new double[] {40.42, -3.70}),
      Map.entry("FR", new double[] {48.86, 2.35}),
      Map.entry("GB", new double[] {51.51, -0.13}),
      Map.entry("IT", new double[] {41.90, 12.50}),
      Map.entry("JP", new double[] {35.68, 139.69}),
      Map.entry("NL", new double[] {52.37, 4.90}),
      Map.entry("PL", new double[] {52.23, 21.01}),
      Map.entry("SG", new double[] {1.35, 103.82}),
      Map.entry("US", new double[] {38.91, -77.04}),
      Map.entry("ZA", new double[] {-25.75, 28.19}));

  /** Whether the model knows the country. */
  public static boolean knows(String country) {
    return CAPITALS.containsKey(country);
  }

  /** Great-circle distance in km between two known countries' capitals. */
  public static double distanceKm(String from, String to) {
    double[] a = coordinates(from);
    double[] b = coordinates(to);
    double dLat = Math.toRadians(b[0] - a[0]);
    double dLon = Math.toRadians(b[1] - a[1]);
    double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(a[0]))
        * Math.cos(Math.toRadians(b[0])) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
  }

  /**
   * The least time a trip between two countries takes: zero within a country, empty if a country
   * is unknown (the rule then says nothing).
   */
  public Optional<Duration> minTravelTime(String from, String to) {
    if (from.equals(to)) {
      return Optional.of(Duration.ZERO);
    }
    if (!knows(from) || !knows(to)) {
      return Optional.empty();
    }
    long flightMillis = Math.round(distanceKm(from, to) / speed * 3_600_000);
    return Optional.of(overhead.plusMillis(flightMillis));
  }

  private static double[] coordinates(String country) {
    double[] c = CAPITALS.get(country);
    if (c == null) {
      throw new IllegalArgumentException("Unknown country " + country);
    }
    return c;
  }
}
