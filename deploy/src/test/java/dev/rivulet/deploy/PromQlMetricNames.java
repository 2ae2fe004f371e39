package dev.rivulet.deploy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression reads, as a dashboard's queries use them: identifiers
 * that are not functions (followed by {@code (}), aggregation operators, keywords, label names
 * (inside {@code {...}} or a {@code by (...)}-style list), strings, durations, numbers or Grafana
 * variables ({@code $application}, {@code ${x}}, {@code [$__rate_interval]}). A selector
 * {@code {__name__="x"}} names metric {@code x}. Stateless.
 */
final class PromQlMetricNames {
  /** Keywords and aggregation operators: never a metric, whatever follows them. */
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset",
      "inf", "nan", "start", "end", "sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  /** Keywords followed by a parenthesized list of label names. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private final String expr;
  private final Set<String> names = new TreeSet<>();
  private int pos;

  private PromQlMetricNames(String expr) {
    this.expr = expr;
  }

  /** The metric names in {@code expr}, sorted. */
  static Set<String> in(String expr) {
    PromQlMetricNames scan = new PromQlMetricNames(expr);
    scan.scan();
    return scan.names;
  }

  private void scan() {
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        skipString();
      } else if (c == '#') {
        skipPast('\n');
      } else if (c == '{') {
        matchers();
      } else if (c == '[') {
        skipPast(']');
      } else if (c == '$') {
        variable();
      } else if (Character.isDigit(c) || c == '.') {
        while (pos < expr.length() && isNumberPart(expr.charAt(pos))) {
          pos++;
        }
      } else if (isIdentifierStart(c)) {
        identifier();
      } else {
        pos++;
      }
    }
  }

  private void identifier() {
    String name = readIdentifier();
    String word = name.toLowerCase(Locale.ROOT);
    int next = skipSpaces(pos);
    boolean call = next < expr.length() && expr.charAt(next) == '(';
    if (LABEL_LIST_KEYWORDS.contains(word)) {
      if (call) {
        pos = next;
        skipPast(')');
      }
    } else if (!call && !KEYWORDS.contains(word)) {
      names.add(name);
    }
  }

  /** A selector's label matchers; only {@code __name__} names a metric. */
  private void matchers() {
    pos++; // '{'
    while (pos < expr.length() && expr.charAt(pos) != '}') {
      char c = expr.charAt(pos);
      if (isIdentifierStart(c)) {
        String label = readIdentifier();
        int op = skipSpaces(pos);
        if (label.equals("__name__") && op < expr.length() && expr.charAt(op) == '=') {
          pos = skipSpaces(op + 1);
          if (pos < expr.length() && expr.charAt(pos) == '"') {
            int start = pos + 1;
            skipString();
            names.add(expr.substring(start, pos - 1));
          }
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        skipString();
      } else {
        pos++;
      }
    }
    pos++; // '}'
  }

  private void variable() {
    pos++; // '$'
    if (pos < expr.length() && expr.charAt(pos) == '{') {
      skipPast('}');
    } else {
      while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
        pos++;
      }
    }
  }

  private String readIdentifier() {
    int start = pos;
    while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
      pos++;
    }
    return expr.substring(start, pos);
  }

  private void skipString() {
    char quote = expr.charAt(pos++);
    while (pos < expr.length() && expr.charAt(pos) != quote) {
      pos += expr.charAt(pos) == '\\' && quote != '`' ? 2 : 1;
    }
    pos++; // closing quote
  }

  private void skipPast(char end) {
    while (pos < expr.length() && expr.charAt(pos) != end) {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        skipString();
      } else {
        pos++;
      }
    }
    pos++;
  }

  private int skipSpaces(int from) {
    int i = from;
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }

  /** Numbers and durations: {@code 0.99}, {@code 1e3}, {@code 0x1f}, {@code 5m30s}. */
  private static boolean isNumberPart(char c) {
    return isIdentifierPart(c) || c == '.';
  }
}
