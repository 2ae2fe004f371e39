package dev.rivulet.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a Spring Boot test ({@code @SpringBootTest} and other Spring TestContext tests) a real
 * Kafka broker: sets {@code spring.kafka.bootstrap-servers} before the context starts and
 * creates {@link #topics()}. One broker is shared by every test class of the JVM.
 *
 * <pre>{@code
 * @SpringBootTest
 * @RivuletTestBroker(topics = {"payments:3", "fraud-alerts:3"})
 * class FraudDetectionTest { ... }
 * }</pre>
 *
 * <p>The broker is the in-process KRaft broker (needs {@code rivulet-embedded-broker}) unless
 * {@link #broker()} or the system property {@value TestBrokers#KIND_PROPERTY} (environment
 * variable {@code RIVULET_TEST_BROKER}) asks for {@code testcontainers} (needs
 * {@code org.testcontainers:testcontainers-kafka}); without a Docker engine such tests are
 * skipped, not failed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RivuletTestBrokerCondition.class)
public @interface RivuletTestBroker {

  /** Topics to create, as {@code name} (one partition) or {@code name:partitions}. */
  String[] topics() default {};

  /** Which broker; {@link BrokerKind#DEFAULT} follows {@value TestBrokers#KIND_PROPERTY}. */
  BrokerKind broker() default BrokerKind.DEFAULT;

  /** The kinds of test broker. */
  enum BrokerKind {
    /** {@link #TESTCONTAINERS} if {@value TestBrokers#KIND_PROPERTY} says so, else embedded. */
    DEFAULT,
    /** The JVM's in-process KRaft broker ({@code rivulet-embedded-broker}). */
    EMBEDDED,
    /** A Kafka container (Testcontainers, needs Docker). */
    TESTCONTAINERS
  }
}
