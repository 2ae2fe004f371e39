package dev.rivulet.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.spring.autoconfigure.TestProcessors.CardVelocity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every invalid {@code rivulet.*} value fails the start, naming the property and what to do. */
class RivuletPropertiesValidationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
          RivuletAutoConfiguration.class))
      .withPropertyValues("spring.application.name=payments-app")
      .withUserConfiguration(CardVelocity.class);

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "rivulet.threads|0|threads|at least 1",
      "rivulet.standby-replicas|-1|standbyReplicas|0 (none) or more",
      "rivulet.acceptable-recovery-lag|-2|acceptableRecoveryLag|-1 to move tasks at once",
      "rivulet.probing-rebalance-interval|100ms|probingRebalanceInterval|at least 1s",
      "rivulet.commit-interval|-5ms|commitInterval|positive duration",
      "rivulet.commit-interval|0s|commitInterval|positive duration",
      "rivulet.startup-timeout|0s|startupTimeout|positive duration",
      "rivulet.replication-factor|0|replicationFactor|-1 for the broker",
      "rivulet.memory.block-cache|100KB|memory.blockCache|at least 1048576 bytes",
      "rivulet.memory.write-buffer|1KB|memory.writeBuffer|at least 1048576 bytes",
      "rivulet.memory.state-cache|-1B|memory.stateCache|0 disables it",
      "rivulet.application-id|fraud app|applicationId|consumer group id",
      "rivulet.instance-id|pod/0|instanceId|pod name",
      "rivulet.dev-broker.partitions|0|devBroker.partitions|at least 1",
      "rivulet.dev-broker.port|70000|devBroker.port|0 for a free port",
      "rivulet.advertised-url|my-app-0:8080|advertisedUrl|absolute http(s) URL",
      "rivulet.advertised-url|ftp://my-app-0/|advertisedUrl|absolute http(s) URL",
      "rivulet.advertised-url|http://my-app-0:8080/?x=1|advertisedUrl|absolute http(s) URL",
      "rivulet.query.timeout|0s|query.timeout|positive duration"})
  void invalidValueFailsTheStart(String property, String value, String field, String advice) {
    runner.withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      BindValidationException failure = findCause(context.getStartupFailure());
      assertThat(failure.getValidationErrors().getName().toString()).isEqualTo("rivulet");
      assertThat(failure.getValidationErrors().getAllErrors()).singleElement().satisfies(e -> {
        assertThat(e.getDefaultMessage()).contains(advice);
        assertThat(e.toString()).contains("field '" + field + "'");
      });
    });
  }

  @Test
  void validValuesBind() {
    runner.withPropertyValues("rivulet.threads=2", "rivulet.commit-interval=50ms",
        "rivulet.replication-factor=-1", "rivulet.memory.state-cache=0",
        "rivulet.instance-id=fraud-0", "rivulet.dev-broker.port=9092",
        "rivulet.advertised-url=https://fraud-0.fraud-headless.default.svc:8443/app",
        "rivulet.query.enabled=true", "rivulet.query.timeout=250ms")
        .run(context -> assertThat(context).hasNotFailed());
  }

  private static BindValidationException findCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindValidationException bind) {
        return bind;
      }
    }
    throw new AssertionError("not a validation failure", failure);
  }
}
