package dev.rivulet.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The redrive options carry the client properties, secrets included, but never print them. */
class RedriverOptionsTest {

  @Test
  void toStringNamesTheClientPropertiesButPrintsNoValue() {
    Redriver.Options options = new Redriver.Options("broker:9093", "app-p-dlq",
        Map.of("sasl.jaas.config", "... password=\"jaas-secret\";"), "p", null, null, null, null,
        false, Duration.ofSeconds(5));

    assertThat(options.toString()).contains("sasl.jaas.config", "app-p-dlq")
        .doesNotContain("jaas-secret");
  }
}
