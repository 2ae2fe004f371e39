package dev.rivulet.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RivuletMetricNamesTest {

  @Test
  void everyMeterNameHasADescription() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field f : RivuletMetricNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String value = (String) f.get(null);
        if (value.startsWith("rivulet.") && value.length() > "rivulet.".length()
            && !f.getName().equals("CLIENT_TAG")) {
          names.add(value);
        }
      }
    }
    assertThat(names).hasSizeGreaterThan(15);
    names.forEach(n -> assertThat(RivuletMetricNames.description(n)).as(n).isNotBlank());
    assertThatIllegalArgumentException().isThrownBy(() -> RivuletMetricNames.description("x"));
  }

  @Test
  void kafkaClientFilterRenamesOnlyRivuletsOwnClientMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(RivuletMetricNames.kafkaClients());
    registry.counter("kafka.consumer.fetch.total",
        Tags.of(RivuletMetricNames.CLIENT_TAG, "consumer"));
    registry.counter("kafka.consumer.fetch.total", Tags.of("spring.id", "app-listener"));
    registry.counter("jvm.other", Tags.of(RivuletMetricNames.CLIENT_TAG, "consumer"));
    assertThat(registry.find("rivulet.kafka.consumer.fetch.total").counters()).hasSize(1);
    assertThat(registry.find("kafka.consumer.fetch.total").counters()).hasSize(1);
    assertThat(registry.find("jvm.other").counters()).hasSize(1);
  }
}
