package dev.rivulet.spring;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.ProcessingGuarantee;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * Declares a {@link dev.rivulet.api.KeyedProcessor} bean as a Rivulet processor. The starter
 * turns every such bean into a {@link dev.rivulet.api.ProcessorDefinition} and runs them all in
 * the application's one Rivulet runtime.
 *
 * <pre>{@code
 * @StreamProcessor(id = "card-velocity", inputs = "payments", output = "fraud-alerts")
 * class CardVelocity implements KeyedProcessor<String, Payment, FraudAlert> {
 *   static final ValueStateSpec<Window> RECENT = StateSpec.value("recent", Window.class);
 *   ...
 * }
 * }</pre>
 *
 * <p>What the starter derives from the bean:
 * <ul>
 *   <li><b>Serdes</b> from the type arguments {@code K, V, O} of {@code KeyedProcessor}: a
 *       {@code Serde<T>} bean whose declared type argument is exactly {@code T} (the
 *       {@code @Primary} one if several), otherwise {@code RivuletSerdes.forType(T)} (Kafka's
 *       serdes for String, Long, Integer, Double, byte[]; JSON for everything else). A generic
 *       {@code T} such as {@code List<Payment>} needs a {@code Serde<List<Payment>>} bean.
 *   <li><b>State</b>: every {@code static final} field of a {@link dev.rivulet.api.state.StateSpec}
 *       type declared in the bean's class or its superclasses.
 *   <li><b>Named outputs</b>: every {@code static final} field of type
 *       {@link dev.rivulet.api.Output} declared in the class or its superclasses.
 *   <li><b>Event time</b>: if the bean also implements {@link dev.rivulet.api.TimestampExtractor},
 *       it extracts the event time of its records.
 * </ul>
 *
 * <p>String attributes accept {@code ${...}} placeholders. A singleton bean is shared by all
 * tasks (keep per-key data in state, never in fields); a prototype-scoped bean gives each task
 * its own instance. Misconfiguration fails startup with a message naming the bean and the fix.
 * The annotation is a {@link Component} stereotype, so annotated classes are picked up by
 * component scanning; it may also be placed on a {@code @Bean} method.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface StreamProcessor {

  /**
   * The processor id: unique within the application, 1-100 of {@code [a-zA-Z0-9._-]}. It names
   * the changelog topics ({@code <application-id>-<id>-<store>-changelog}), so changing it
   * starts the processor with empty state.
   */
  String id();

  /** One or more co-partitioned input topics. */
  String[] inputs();

  /** The default output topic; empty for a processor that emits only to named outputs. */
  String output() default "";

  /**
   * The guarantee this processor needs; empty (the default) accepts the runtime's
   * {@code rivulet.guarantee}. A runtime runs one guarantee, so a different value fails startup.
   */
  ProcessingGuarantee[] guarantee() default {};

  /**
   * What happens to a record that cannot be processed; empty (the default) uses
   * {@code rivulet.default-error-policy}. At most one value.
   */
  ErrorPolicy[] errorPolicy() default {};

  /** Dead-letter topic for {@link ErrorPolicy#DEAD_LETTER}; empty for
   * {@code <application-id>-<id>-dlq}. */
  String deadLetterTopic() default "";

  /**
   * Bound on event-time disorder used for the watermark, as a duration ({@code 5s},
   * {@code 500ms}, {@code PT1M}); empty for 0.
   */
  String maxOutOfOrderness() default "";

  /**
   * How long a partition without records may hold the watermark back, as a duration; empty for
   * the framework default (1 minute).
   */
  String idleTimeout() default "";

  /**
   * How far ahead of the clock an event time may be before the record follows the error policy,
   * as a duration; {@code 0} for no bound, empty for the framework default (1 day).
   */
  String maxFutureEventTime() default "";
}
