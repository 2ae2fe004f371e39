package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.spring.InvalidStreamProcessorException;
import dev.rivulet.spring.StreamProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Finds the application's processors: {@link StreamProcessor} beans (turned into definitions by
 * {@link AnnotatedProcessorFactory}) and {@link ProcessorDefinition} beans (taken as they are),
 * and checks that their ids are unique. Used once while the context starts.
 */
final class StreamProcessorScanner {

  private final ConfigurableListableBeanFactory beanFactory;
  private final AnnotatedProcessorFactory annotated;

  StreamProcessorScanner(ConfigurableListableBeanFactory beanFactory, Environment environment,
      ErrorPolicy defaultErrorPolicy) {
    this.beanFactory = beanFactory;
    this.annotated = new AnnotatedProcessorFactory(beanFactory, environment,
        new SerdeResolver(beanFactory), defaultErrorPolicy);
  }

  /**
   * Scans the bean factory.
   *
   * @throws InvalidStreamProcessorException naming the first misconfigured bean
   */
  StreamProcessorRegistry scan() {
    List<StreamProcessorRegistration> found = new ArrayList<>();
    for (String name : beanFactory.getBeanNamesForAnnotation(StreamProcessor.class)) {
      StreamProcessor annotation =
          Objects.requireNonNull(beanFactory.findAnnotationOnBean(name, StreamProcessor.class));
      try {
        found.add(annotated.create(name, annotation));
      } catch (ProcessorProblem e) {
        throw new InvalidStreamProcessorException(name, e.getMessage());
      }
    }
    for (String name : beanFactory.getBeanNamesForType(ProcessorDefinition.class)) {
      ProcessorDefinition<?, ?, ?> definition =
          beanFactory.getBean(name, ProcessorDefinition.class);
      found.add(new StreamProcessorRegistration(name, definition, keyType(name, definition)));
    }
    checkUniqueIds(found);
    return new StreamProcessorRegistry(found);
  }

  private void checkUniqueIds(List<StreamProcessorRegistration> registrations) {
    Map<String, StreamProcessorRegistration> byId = new LinkedHashMap<>();
    for (StreamProcessorRegistration r : registrations) {
      StreamProcessorRegistration other = byId.putIfAbsent(r.id(), r);
      if (other != null) {
        throw new InvalidStreamProcessorException(r.beanName(), "Processor id '" + r.id()
            + "' is used by bean '" + other.beanName() + "' (" + describe(other.beanName())
            + ") and bean '" + r.beanName() + "' (" + describe(r.beanName()) + "); ids must be "
            + "unique within an application since they name the changelog topics: rename one");
      }
    }
  }

  private String describe(String beanName) {
    Class<?> type = beanFactory.getType(beanName);
    return type == null ? "unknown type" : type.getName();
  }

  /** K of a definition bean: from its declared type, else from well-known key serdes. */
  private @Nullable Class<?> keyType(String name, ProcessorDefinition<?, ?, ?> definition) {
    if (beanFactory.containsBeanDefinition(name)) {
      Class<?> declared = beanFactory.getMergedBeanDefinition(name).getResolvableType()
          .as(ProcessorDefinition.class).getGeneric(0).resolve();
      if (declared != null && declared != Object.class) {
        return declared;
      }
    }
    return keyTypeOf(definition.keySerde());
  }

  static @Nullable Class<?> keyTypeOf(Serde<?> serde) {
    return SerdeTypes.typeOf(serde);
  }

}
