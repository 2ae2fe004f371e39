package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.serde.RivuletSerdes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Picks the serde of a key, value or output type: a {@code Serde<T>} bean whose declared type
 * argument is exactly {@code T} (the {@code @Primary} one if several), otherwise
 * {@link RivuletSerdes#forType}. Serde beans whose type argument cannot be resolved (a raw
 * {@code Serde}, {@code Serde<?>}) are never picked. Not thread-safe; used while the context
 * starts.
 */
final class SerdeResolver {

  private final ConfigurableListableBeanFactory beanFactory;
  private @Nullable Map<String, ResolvableType> candidates;

  SerdeResolver(ConfigurableListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /**
   * The serde for {@code type}.
   *
   * @param type a resolved type
   * @param owner who needs it, for error messages ("@StreamProcessor bean 'x' (X)")
   * @param role which type argument, for error messages ("value type V")
   * @throws ProcessorProblem when several beans match or a generic type has no bean
   */
  Serde<?> resolve(ResolvableType type, String owner, String role) {
    List<String> matches = candidates().entrySet().stream()
        .filter(e -> sameType(e.getValue(), type)).map(Map.Entry::getKey).toList();
    if (matches.size() == 1) {
      return beanFactory.getBean(matches.get(0), Serde.class);
    }
    if (matches.size() > 1) {
      List<String> primary = matches.stream().filter(this::isPrimary).toList();
      if (primary.size() == 1) {
        return beanFactory.getBean(primary.get(0), Serde.class);
      }
      throw new ProcessorProblem(owner + ": several Serde<" + type + "> beans match its " + role
          + " " + matches + "; mark one @Primary");
    }
    if (type.hasGenerics()) {
      throw new ProcessorProblem(owner + ": its " + role + " " + type + " is generic and JSON "
          + "needs a class; declare a @Bean of type Serde<" + type + ">");
    }
    return RivuletSerdes.forType(Objects.requireNonNull(type.resolve()));
  }

  private boolean isPrimary(String name) {
    return beanFactory.containsBeanDefinition(name)
        && beanFactory.getMergedBeanDefinition(name).isPrimary();
  }

  private Map<String, ResolvableType> candidates() {
    if (candidates == null) {
      Map<String, ResolvableType> found = new LinkedHashMap<>();
      for (String name : beanFactory.getBeanNamesForType(Serde.class, true, false)) {
        ResolvableType argument = declaredType(name).as(Serde.class).getGeneric(0);
        if (argument.resolve() != null && !argument.hasUnresolvableGenerics()) {
          found.put(name, argument);
        }
      }
      candidates = found;
    }
    return candidates;
  }

  private ResolvableType declaredType(String name) {
    if (beanFactory.containsBeanDefinition(name)) {
      ResolvableType declared = beanFactory.getMergedBeanDefinition(name).getResolvableType();
      if (declared.as(Serde.class).getGeneric(0).resolve() != null) {
        return declared;
      }
    }
    Class<?> type = beanFactory.getType(name);
    return type == null ? ResolvableType.NONE : ResolvableType.forClass(type);
  }

  /** Same class and, recursively, the same type arguments. */
  static boolean sameType(ResolvableType a, ResolvableType b) {
    if (a.resolve() == null || a.resolve() != b.resolve()) {
      return false;
    }
    ResolvableType[] ga = a.getGenerics();
    ResolvableType[] gb = b.getGenerics();
    if (ga.length != gb.length) {
      return false;
    }
    for (int i = 0; i < ga.length; i++) {
      if (!sameType(ga[i], gb[i])) {
        return false;
      }
    }
    return true;
  }
}
