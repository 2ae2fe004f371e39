package dev.rivulet.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the harness tells a contender JVM: {@code <contender> <bootstrap> <appId> <input> <output>
 * <stateDir> [key=value...]}. Options: {@code tasks} (how many tasks make "all running"),
 * {@code commitMs} (commit interval, default 100), {@code sessionTimeoutMs} (consumer session
 * timeout; the contender's default if absent), {@code kafka.<name>} (a Kafka client property
 * given to every client of the contender); for the scaling benchmark {@code standbyReplicas},
 * {@code acceptableRecoveryLag}, {@code probingMs} (each system's default if absent),
 * {@code instanceId} (static membership: the instance's {@code group.instance.id}, per thread)
 * and {@code reportAssignment=true} (print {@code ASSIGNMENT} lines, see
 * {@link AssignmentReporter}).
 */
record ContenderArgs(Contender contender, String bootstrap, String appId, String input,
    String output, Path stateDir, Map<String, String> options) {

  static ContenderArgs parse(String[] args) {
    if (args.length < 6) {
      throw new IllegalArgumentException(
          "usage: <contender> <bootstrap> <appId> <input> <output> <stateDir> [key=value...]");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 6; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return new ContenderArgs(Contender.parse(args[0]), args[1], args[2], args[3], args[4],
        Path.of(args[5]), options);
  }

  List<String> toArgs() {
    List<String> out = new java.util.ArrayList<>(List.of(contender.id(), bootstrap, appId, input,
        output, stateDir.toString()));
    options.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  int commitMs() {
    return Integer.parseInt(options.getOrDefault("commitMs", "100"));
  }

  /** Consumer session timeout, or -1 for the contender's default. */
  int sessionTimeoutMs() {
    return Integer.parseInt(options.getOrDefault("sessionTimeoutMs", "-1"));
  }

  /** Extra Kafka client properties for every client of the contender ({@code kafka.<name>}). */
  Map<String, String> kafkaProperties() {
    Map<String, String> out = new LinkedHashMap<>();
    options.forEach((k, v) -> {
      if (k.startsWith("kafka.")) {
        out.put(k.substring(6), v);
      }
    });
    return out;
  }

  int tasks() {
    return Integer.parseInt(options.getOrDefault("tasks", "1"));
  }

  /** Standby replicas per task, or -1 for the contender's default. */
  int standbyReplicas() {
    return Integer.parseInt(options.getOrDefault("standbyReplicas", "-1"));
  }

  /** Warm-up: acceptable recovery lag in records, or null for the contender's default. */
  @org.jspecify.annotations.Nullable Long acceptableRecoveryLag() {
    String v = options.get("acceptableRecoveryLag");
    return v == null ? null : Long.valueOf(v);
  }

  /** Probing rebalance interval in ms, or -1 for the contender's default. */
  long probingMs() {
    return Long.parseLong(options.getOrDefault("probingMs", "-1"));
  }

  /** Static membership: the instance's id, or null for a dynamic member. */
  @org.jspecify.annotations.Nullable String instanceId() {
    return options.get("instanceId");
  }

  boolean reportAssignment() {
    return Boolean.parseBoolean(options.getOrDefault("reportAssignment", "false"));
  }
}
