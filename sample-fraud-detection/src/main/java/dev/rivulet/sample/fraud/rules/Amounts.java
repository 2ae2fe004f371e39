package dev.rivulet.sample.fraud.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting of evidence texts. */
final class Amounts {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Amounts() {}

  static String money(BigDecimal amount, String currency) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency;
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** {@code 1h 05m}, {@code 12m 30s} or {@code 42s}. */
  static String duration(Duration d) {
    if (d.toHours() > 0) {
      return String.format(Locale.ROOT, "%dh %02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format(Locale.ROOT, "%dm %02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }
}
