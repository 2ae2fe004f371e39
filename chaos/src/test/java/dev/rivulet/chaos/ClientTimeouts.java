package dev.rivulet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client timeouts the workers run with, and the fault durations that follow from them. By
 * default a run shortens them so that failures are noticed in seconds; {@code
 * -Dchaos.timeouts=default} runs the workers on Kafka's and Rivulet's own defaults instead, as a
 * service in production would (session 45 s, heartbeat 3 s, max.poll.interval 300 s, transaction
 * 10 s, request 30 s), with the pauses and blackholes stretched to match.
 *
 * @param name label in the report
 * @param kafkaProperties client properties every worker is given ({@code key=value})
 * @param session the consumers' session timeout
 * @param transaction the producers' transaction timeout
 * @param zombiePause a SIGSTOP after which the group has removed the worker (the session expired,
 *     as a stopped JVM sends no heartbeats, and with the shortened timeouts max.poll.interval too)
 */
record ClientTimeouts(String name, List<String> kafkaProperties, Duration session,
    Duration transaction, Duration zombiePause) {

  /** The timeouts of this run: {@code -Dchaos.timeouts=short} (the default) or {@code default}. */
  static final ClientTimeouts RUN = of(System.getProperty("chaos.timeouts", "short"));

  static ClientTimeouts of(String name) {
    return switch (name) {
      case "short" -> new ClientTimeouts("short", List.of(
          "session.timeout.ms=7000",
          "heartbeat.interval.ms=1000",
          "max.poll.interval.ms=12000",
          "transaction.timeout.ms=2500",
          "request.timeout.ms=10000",
          "reconnect.backoff.max.ms=500"),
          Duration.ofMillis(7_000), Duration.ofMillis(2_500), Duration.ofMillis(16_000));
      // a SIGSTOP past max.poll.interval (300 s) would make the run hours long; the session
      // expiry removes a stopped worker from the group just the same
      case "default" -> new ClientTimeouts("default", List.of(),
          Duration.ofSeconds(45), Duration.ofSeconds(10), Duration.ofSeconds(49));
      default -> throw new IllegalArgumentException(
          "-Dchaos.timeouts=" + name + ": use 'short' (the default) or 'default'");
    };
  }

  /** The workers' client properties, plus {@code extra} ones, comma separated. */
  String clientProperties(String... extra) {
    List<String> all = new ArrayList<>(kafkaProperties);
    all.addAll(List.of(extra));
    return String.join(",", all);
  }

  /**
   * How long the driver spreads the input over, for a profile's {@code shortened} window: the
   * faults take longer with the default timeouts (each blackhole and zombie outlasts a 45 s
   * session), so the window doubles and the faults that need input still land while it flows.
   */
  Duration productionWindow(Duration shortened) {
    return name.equals("short") ? shortened : shortened.multipliedBy(2);
  }

  /** A SIGSTOP longer than the transaction timeout, shorter than the session. */
  Duration transactionPause() {
    return transaction.plusSeconds(2);
  }

  /** A network blackhole longer than the session (and than the transaction timeout). */
  Duration blackhole() {
    return session.plusSeconds(4);
  }
}
