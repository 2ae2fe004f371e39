package dev.rivulet.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: which paths of the build context Docker leaves out. Patterns as Docker
 * reads them: relative to the context root, {@code *} and {@code ?} within a path segment,
 * {@code **} across segments, a directory excludes everything below it, the last matching
 * pattern wins and {@code !} re-includes.
 */
record DockerIgnore(List<Rule> rules) {
  /** One line of the file. */
  record Rule(Pattern pattern, boolean include) {}

  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String line : text.split("\n")) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      boolean include = pattern.startsWith("!");
      pattern = pattern.substring(include ? 1 : 0).replaceAll("^/+|/+$", "");
      rules.add(new Rule(Pattern.compile(toRegex(pattern)), include));
    }
    return new DockerIgnore(List.copyOf(rules));
  }

  /** Whether Docker leaves {@code path} (relative, {@code /}-separated) out of the context. */
  boolean excludes(String path) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesItOrAParent(rule.pattern(), path)) {
        excluded = !rule.include();
      }
    }
    return excluded;
  }

  private static boolean matchesItOrAParent(Pattern pattern, String path) {
    for (int end = path.indexOf('/'); end >= 0; end = path.indexOf('/', end + 1)) {
      if (pattern.matcher(path.substring(0, end)).matches()) {
        return true;
      }
    }
    return pattern.matcher(path).matches();
  }

  private static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        regex.append("(.*/)?");
        i += 2;
      } else if (glob.startsWith("**", i)) {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
