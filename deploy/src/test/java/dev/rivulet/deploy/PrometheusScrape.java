package dev.rivulet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sample names of a Prometheus text exposition (an application's {@code
 * /actuator/prometheus}): {@code rivulet_records_in_total}, {@code
 * rivulet_processing_latency_seconds_bucket}, ... as PromQL selects them.
 */
record PrometheusScrape(Path source, Set<String> names) {

  static PrometheusScrape read(Path file) {
    try {
      return parse(file, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PrometheusScrape parse(Path source, String text) {
    Set<String> names = new TreeSet<>();
    text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .forEach(l -> names.add(l.split("[{\\s]", 2)[0]));
    return new PrometheusScrape(source, Collections.unmodifiableSet(names));
  }

  boolean exports(String name) {
    return names.contains(name);
  }
}
