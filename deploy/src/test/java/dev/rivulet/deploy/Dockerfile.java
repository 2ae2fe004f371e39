package dev.rivulet.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as its instructions: comments dropped, continuation lines joined, each instruction
 * numbered with its build stage ({@code -1} before the first {@code FROM}).
 */
record Dockerfile(List<Instruction> instructions) {
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|\\S+)");

  /** One instruction: {@code keyword} upper case, {@code arguments} as written. */
  record Instruction(int stage, String keyword, String arguments) {}

  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int stage = -1;
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      boolean continued = trimmed.endsWith("\\");
      current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continued) {
        String[] parts = current.toString().strip().split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        stage += keyword.equals("FROM") ? 1 : 0;
        instructions.add(new Instruction(stage, keyword, parts.length > 1 ? parts[1] : ""));
        current.setLength(0);
      }
    }
    return new Dockerfile(List.copyOf(instructions));
  }

  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  List<Instruction> inStage(int stage, String keyword) {
    return all(keyword).stream().filter(i -> i.stage() == stage).toList();
  }

  int lastStage() {
    return instructions.get(instructions.size() - 1).stage();
  }

  /** The variables an {@code ENV} of the stage sets ({@code K=V} and {@code K="V W"} pairs). */
  Map<String, String> environment(int stage) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Instruction instruction : inStage(stage, "ENV")) {
      Matcher pair = ENV_PAIR.matcher(instruction.arguments());
      while (pair.find()) {
        env.put(pair.group(1), pair.group(3) != null ? pair.group(3) : pair.group(2));
      }
    }
    return env;
  }
}
