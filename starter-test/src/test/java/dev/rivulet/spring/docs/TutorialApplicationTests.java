package dev.rivulet.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.runtime.RivuletRuntime;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The README tutorial's Spring Boot step: the annotation (a compiled snippet, see the framework's
 * ReadmeSnippetsTest) on the tutorial's processor, with the README's properties block exactly as
 * written, makes a runtime with that processor. A properties line that does not bind (a trailing
 * {@code #} comment, a misspelt key) fails here.
 */
class TutorialApplicationTests {

  record Payment(String card, long cents) {}

  record Alert(String card, String rule, long count) {}

  // tag::annotation[]
  @StreamProcessor(id = "card-velocity", inputs = "payments", output = "fraud-alerts")
  // end::annotation[]
  static class CardVelocity implements KeyedProcessor<String, Payment, Alert> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class)
        .ttl(Duration.ofHours(1));

    @Override
    public void process(Payment p, KeyedContext<String, Alert> ctx) {
      long n = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(n);
      if (n > 5) {
        ctx.emit(new Alert(ctx.key(), "velocity", n));
      }
    }
  }

  /** The properties blocks of a README, in order. */
  static List<String> propertiesBlocks(Path readme) throws IOException {
    Matcher m = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(readme));
    return m.results().map(r -> r.group(1)).toList();
  }

  static List<String> readmePropertiesBlocks() throws IOException {
    return propertiesBlocks(Path.of("..", "README.md"));
  }

  static String[] propertyLines(String block) {
    return block.lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toArray(String[]::new);
  }

  @Test
  void theReadmePropertiesBlockConfiguresTheTutorialProcessor() throws IOException {
    String tutorial = readmePropertiesBlocks().get(0);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
            RivuletAutoConfiguration.class))
        .withUserConfiguration(CardVelocity.class)
        .withPropertyValues(propertyLines(tutorial))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getEnvironment().getProperty("rivulet.dev-broker.enabled",
              Boolean.class)).isTrue();
          RivuletConfig config = ((RivuletRuntime) context.getBean(Rivulet.class)).config();
          assertThat(config.applicationId()).isEqualTo("fraud");
          assertThat(config.processors()).singleElement()
              .satisfies(d -> assertThat(d.id()).isEqualTo("card-velocity"));
        });
  }

  @Test
  void theStarterReadmePropertiesBindAsWritten() throws IOException {
    String block = propertiesBlocks(Path.of("..", "starter", "README.md")).get(0);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
            RivuletAutoConfiguration.class))
        .withUserConfiguration(WordCount.class)
        .withPropertyValues(propertyLines(block))
        .run(context -> assertThat(((RivuletRuntime) context.getBean(Rivulet.class)).config()
            .applicationId()).isEqualTo("word-count"));
  }

  @Test
  void everyReadmePropertiesLineIsAKeyValuePairWithoutATrailingComment() throws IOException {
    List<String> blocks = new java.util.ArrayList<>(readmePropertiesBlocks());
    blocks.addAll(propertiesBlocks(Path.of("..", "starter", "README.md")));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
    for (String block : blocks) {
      for (String line : propertyLines(block)) {
        assertThat(line).as("README properties line").matches("[a-z0-9.\\-\\[\\]]+=[^#]*");
      }
    }
  }
}
