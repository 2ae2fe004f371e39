package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.Output;
import dev.rivulet.api.state.StateSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link StateSpec} and {@link Output} constants of a processor class: its
 * {@code static final} fields (any visibility) of those types, declared in the class or a
 * superclass, in declaration order, the same instance once. A non-static or non-final field of
 * those types is rejected, since it is almost always a mistake. Stateless utility.
 */
final class ProcessorConstants {

  private ProcessorConstants() {}

  /** The state specs declared by {@code type}. */
  static List<StateSpec> states(Class<?> type, String owner) {
    return collect(type, StateSpec.class, owner);
  }

  /** The named outputs declared by {@code type}. */
  static List<Output<?, ?>> outputs(Class<?> type, String owner) {
    List<Output<?, ?>> outputs = new ArrayList<>();
    for (Output<?, ?> output : collect(type, Output.class, owner)) {
      outputs.add(output);
    }
    return outputs;
  }

  private static <T> List<T> collect(Class<?> type, Class<T> kind, String owner) {
    List<T> found = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ReflectionUtils.doWithFields(type, field -> {
      checkConstant(field, kind, owner);
      ReflectionUtils.makeAccessible(field);
      Object value = field.get(null);
      if (value == null) {
        throw new ProcessorProblem(owner + ": " + kind.getSimpleName() + " field '"
            + field.getName() + "' is null; initialize it");
      }
      if (seen.add(value)) {
        found.add(kind.cast(value));
      }
    }, field -> kind.isAssignableFrom(field.getType()) && !field.isSynthetic());
    return found;
  }

  private static void checkConstant(Field field, Class<?> kind, String owner) {
    int modifiers = field.getModifiers();
    if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)) {
      throw new ProcessorProblem(owner + ": " + kind.getSimpleName() + " field '"
          + field.getName() + "' of " + field.getDeclaringClass().getSimpleName()
          + " is not static final; declare it 'static final' (specs and outputs are constants "
          + "shared by all tasks)");
    }
  }
}
