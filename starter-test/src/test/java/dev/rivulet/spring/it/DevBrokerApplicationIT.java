package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.SharedKafkaBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The newcomer path: one annotated class, spring.application.name and
 * rivulet.dev-broker.enabled=true, nothing else. The initializer is found through
 * spring.factories, the input topic is created on the dev broker, Spring Kafka's template talks
 * to it too.
 */
@SpringBootTest(classes = DevBrokerApplicationIT.App.class, properties = {
    "spring.application.name=newcomer", "rivulet.dev-broker.enabled=true",
    "rivulet.state-dir=target/it-state/newcomer-${random.uuid}"})
@DirtiesContext
class DevBrokerApplicationIT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Greetings.class)
  static class App {}

  @StreamProcessor(id = "greetings", inputs = "newcomer-names", output = "newcomer-greetings")
  static class Greetings implements KeyedProcessor<String, String, String> {
    static final ValueStateSpec<String> LAST = StateSpec.value("last", String.class);

    @Override
    public void process(String name, KeyedContext<String, String> ctx) {
      ctx.state(LAST).put(name);
      ctx.emit("hello " + name);
    }
  }

  @Autowired Rivulet rivulet;
  @Autowired KafkaTemplate<String, String> template;
  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;
  @Value("${rivulet.dev-broker.bootstrap-servers}") String devBrokerServers;

  @Test
  void runsAgainstTheDevBroker() {
    assertThat(bootstrapServers).isEqualTo(devBrokerServers)
        .isNotEqualTo(SharedKafkaBroker.shared().bootstrapServers());
    template.send("newcomer-names", "n1", "Ada");
    template.flush();
    await().atMost(Duration.ofSeconds(30)).until(
        () -> rivulet.query("greetings", Greetings.LAST, "n1").isPresent());
    assertThat(rivulet.query("greetings", Greetings.LAST, "n1")).contains("Ada");
  }
}
