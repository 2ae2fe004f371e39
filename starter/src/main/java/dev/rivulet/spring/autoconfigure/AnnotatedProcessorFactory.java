package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.TimestampExtractor;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.spring.StreamProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Turns one {@link StreamProcessor} bean into a {@link ProcessorDefinition}: resolves
 * {@code K, V, O} from the bean's type, picks serdes, collects state specs and named outputs,
 * resolves placeholders and applies the policies. Throws {@link ProcessorProblem} with a message
 * naming the bean and the fix. Used while the context starts; not thread-safe.
 */
final class AnnotatedProcessorFactory {

  private final ConfigurableListableBeanFactory beanFactory;
  private final Environment environment;
  private final SerdeResolver serdes;
  private final ErrorPolicy defaultErrorPolicy;

  AnnotatedProcessorFactory(ConfigurableListableBeanFactory beanFactory, Environment environment,
      SerdeResolver serdes, ErrorPolicy defaultErrorPolicy) {
    this.beanFactory = beanFactory;
    this.environment = environment;
    this.serdes = serdes;
    this.defaultErrorPolicy = defaultErrorPolicy;
  }

  StreamProcessorRegistration create(String beanName, StreamProcessor annotation) {
    boolean prototype = beanFactory.isPrototype(beanName);
    @Nullable Object bean = prototype ? null : beanFactory.getBean(beanName);
    Class<?> type = bean != null ? AopProxyUtils.ultimateTargetClass(bean)
        : Objects.requireNonNull(beanFactory.getType(beanName));
    String owner = "@StreamProcessor bean '" + beanName + "'"
        + (beanName.equals(type.getName()) ? "" : " (" + type.getName() + ")");
    if (!KeyedProcessor.class.isAssignableFrom(type)) {
      throw new ProcessorProblem(owner + " does not implement KeyedProcessor; implement "
          + "KeyedProcessor<K, V, O>, e.g. 'implements KeyedProcessor<String, Payment, Alert>'");
    }
    ResolvableType processorType = processorType(beanName, type);
    ResolvableType keyType = typeArgument(processorType, 0, owner, "key type K");
    ResolvableType valueType = typeArgument(processorType, 1, owner, "value type V");

    String id = resolve(annotation.id());
    List<String> inputs = inputs(annotation, owner);
    Supplier<KeyedProcessor<Object, Object, Object>> factory = () -> processor(beanName);
    ProcessorDefinition.Builder<Object, Object, Object> builder = prototype
        ? ProcessorDefinition.builder(id, factory)
        : ProcessorDefinition.builder(id, processor(beanName));
    builder.keySerde(serde(keyType, owner, "key type K"));
    Serde<Object> valueSerde = serde(valueType, owner, "value type V");
    inputs.forEach(topic -> builder.input(topic, valueSerde));
    String output = resolve(annotation.output());
    if (StringUtils.hasText(output)) {
      ResolvableType outputType = typeArgument(processorType, 2, owner, "output type O");
      builder.output(output, serde(outputType, owner, "output type O"));
    }
    ProcessorConstants.outputs(type, owner).forEach(builder::output);
    builder.state(ProcessorConstants.states(type, owner).toArray(StateSpec[]::new));
    applyPolicies(builder, annotation, owner);
    if (TimestampExtractor.class.isAssignableFrom(type)) {
      builder.timestampExtractor(timestampExtractor(beanName, bean));
    }
    try {
      return new StreamProcessorRegistration(beanName, builder.build(), keyType.resolve());
    } catch (IllegalArgumentException e) {
      throw new ProcessorProblem(owner + ": " + e.getMessage());
    }
  }

  private void applyPolicies(ProcessorDefinition.Builder<Object, Object, Object> builder,
      StreamProcessor annotation, String owner) {
    if (annotation.guarantee().length > 1 || annotation.errorPolicy().length > 1) {
      throw new ProcessorProblem(owner + ": guarantee and errorPolicy take at most one value");
    }
    if (annotation.guarantee().length == 1) {
      builder.guarantee(annotation.guarantee()[0]);
    }
    builder.errorPolicy(
        annotation.errorPolicy().length == 1 ? annotation.errorPolicy()[0] : defaultErrorPolicy);
    String deadLetter = resolve(annotation.deadLetterTopic());
    if (StringUtils.hasText(deadLetter)) {
      builder.deadLetterTopic(deadLetter);
    }
    String disorder = resolve(annotation.maxOutOfOrderness());
    if (StringUtils.hasText(disorder)) {
      builder.maxOutOfOrderness(duration(disorder, "maxOutOfOrderness", owner));
    }
    String idle = resolve(annotation.idleTimeout());
    if (StringUtils.hasText(idle)) {
      builder.idleTimeout(duration(idle, "idleTimeout", owner));
    }
    String future = resolve(annotation.maxFutureEventTime());
    if (StringUtils.hasText(future)) {
      builder.maxFutureEventTime(duration(future, "maxFutureEventTime", owner));
    }
  }

  private List<String> inputs(StreamProcessor annotation, String owner) {
    List<String> inputs = new ArrayList<>();
    for (String input : annotation.inputs()) {
      for (String topic : StringUtils.commaDelimitedListToStringArray(resolve(input))) {
        if (StringUtils.hasText(topic)) {
          inputs.add(topic.trim());
        }
      }
    }
    if (inputs.isEmpty()) {
      throw new ProcessorProblem(owner + " has no input topic; set inputs = \"<topic>\" on "
          + "@StreamProcessor (a list of co-partitioned topics)");
    }
    return inputs;
  }

  /** {@code KeyedProcessor<K, V, O>} as implemented by the class, else as declared by a factory
   * method (a {@code @Bean} method returning a lambda). */
  private ResolvableType processorType(String beanName, Class<?> type) {
    ResolvableType fromClass = ResolvableType.forClass(type).as(KeyedProcessor.class);
    if (resolved(fromClass.getGeneric(0)) && resolved(fromClass.getGeneric(1))) {
      return fromClass;
    }
    if (beanFactory.containsBeanDefinition(beanName)) {
      ResolvableType declared = beanFactory.getMergedBeanDefinition(beanName).getResolvableType()
          .as(KeyedProcessor.class);
      if (resolved(declared.getGeneric(0)) && resolved(declared.getGeneric(1))) {
        return declared;
      }
    }
    return fromClass;
  }

  private static ResolvableType typeArgument(ResolvableType processorType, int index,
      String owner, String role) {
    ResolvableType argument = processorType.getGeneric(index);
    if (!resolved(argument)) {
      throw new ProcessorProblem(owner + ": cannot resolve its " + role + " from " + processorType
          + "; implement KeyedProcessor with concrete type arguments (e.g. 'implements "
          + "KeyedProcessor<String, Payment, Alert>'), or declare a ProcessorDefinition bean "
          + "with explicit serdes instead");
    }
    return argument;
  }

  private static boolean resolved(ResolvableType type) {
    Class<?> resolved = type.resolve();
    return resolved != null && resolved != Object.class && !type.hasUnresolvableGenerics();
  }

  @SuppressWarnings("unchecked")
  private Serde<Object> serde(ResolvableType type, String owner, String role) {
    return (Serde<Object>) serdes.resolve(type, owner, role);
  }

  @SuppressWarnings("unchecked")
  private KeyedProcessor<Object, Object, Object> processor(String beanName) {
    return (KeyedProcessor<Object, Object, Object>) beanFactory.getBean(beanName);
  }

  @SuppressWarnings("unchecked")
  private TimestampExtractor<Object> timestampExtractor(String beanName, @Nullable Object bean) {
    // a prototype contributes one extra instance, used only to extract timestamps
    return (TimestampExtractor<Object>) (bean != null ? bean : beanFactory.getBean(beanName));
  }

  private Duration duration(String value, String attribute, String owner) {
    try {
      return DurationStyle.detectAndParse(value);
    } catch (IllegalArgumentException e) {
      throw new ProcessorProblem(owner + ": " + attribute + " '" + value + "' is not a duration; "
          + "use e.g. '5s', '500ms' or 'PT1M'");
    }
  }

  private String resolve(String value) {
    return environment.resolveRequiredPlaceholders(value);
  }
}
