package dev.rivulet.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' code cannot rot: every Java block in README.md and in each module's README follows
 * a {@code <!-- snippet: path#tag -->} marker and equals that tagged region of a compiled test
 * source (indentation aside), and the README's "run every test" command is the one {@code .ci/run}
 * runs. Properties blocks are bound as written by the starter's {@code TutorialApplicationTests}.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern BLOCK = Pattern.compile(
      "(?:<!-- snippet: (\\S+)#(\\S+) -->\\n)?```(\\w+)\\n(.*?)```", Pattern.DOTALL);

  record Block(String language, String code, String file, String tag) {}

  static List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(new Block(m.group(3), m.group(4), m.group(1), m.group(2)));
    }
    return blocks;
  }

  static List<Path> readmes() throws IOException {
    List<Path> readmes = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (var modules = Files.list(ROOT)) {
      modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted()
          .forEach(readmes::add);
    }
    return readmes;
  }

  @Test
  void everyJavaBlockIsACompiledRegion() throws IOException {
    List<Block> java = new ArrayList<>();
    for (Path readme : readmes()) {
      blocks(Files.readString(readme)).stream().filter(b -> b.language().equals("java"))
          .forEach(java::add);
    }
    assertThat(java).hasSizeGreaterThanOrEqualTo(9);
    for (Block block : java) {
      assertThat(block.file()).as("Java block without a snippet marker:\n" + block.code())
          .isNotNull();
      String region = region(ROOT.resolve(block.file()), block.tag());
      assertThat(dedent(block.code())).as("README block for " + block.file() + "#" + block.tag())
          .isEqualTo(dedent(region));
    }
  }

  @Test
  void theTestCommandIsWhatCiRuns() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int section = readme.indexOf("Run every test");
    Block command = blocks(readme.substring(section)).get(0);
    assertThat(command.language()).isEqualTo("bash");
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
    assertThat(ci.get(ci.size() - 1)).endsWith(command.code().strip());
  }

  @Test
  void aMismatchIsFound() {
    String markdown = "<!-- snippet: a/B.java#x -->\n```java\nint a = 1;\n```\n";
    assertThat(blocks(markdown)).singleElement().satisfies(b -> {
      assertThat(b.file()).isEqualTo("a/B.java");
      assertThat(dedent(b.code())).isNotEqualTo(dedent("  int a = 2;\n"));
      assertThat(dedent(b.code())).isEqualTo(dedent("    int a = 1;\n"));
    });
  }

  static String region(Path file, String tag) throws IOException {
    String source = Files.readString(file);
    String start = "// tag::" + tag + "[]\n";
    int from = source.indexOf(start);
    int to = source.indexOf("// end::" + tag + "[]");
    assertThat(from).as("tag " + tag + " in " + file).isNotNegative();
    assertThat(to).as("end of tag " + tag + " in " + file).isGreaterThan(from);
    String body = source.substring(from + start.length(), to);
    return body.substring(0, body.lastIndexOf('\n') + 1);
  }

  /** Removes the common indentation and trailing blanks of every line. */
  static String dedent(String code) {
    List<String> lines = code.lines().map(String::stripTrailing).toList();
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }
}
