package dev.rivulet.helm;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields that a parsed manifest did not bind. fabric8 model classes collect unknown
 * fields into {@code additionalProperties} (a {@code @JsonAnySetter}) instead of failing, so a
 * misspelt field such as {@code readinesProbe} parses without error; this walks an object graph
 * and reports every non-empty {@code additionalProperties} map with the path of its fields.
 */
final class UnknownFields {

  private static final String ADDITIONAL_PROPERTIES = "additionalProperties";

  private UnknownFields() {
  }

  /**
   * Paths of the unbound fields under {@code root}, e.g.
   * {@code spec.template.spec.containers[0].readinesProbe}.
   */
  static List<String> of(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]", found));
    } else if (value != null && isModel(value.getClass())) {
      for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            walkField(value, field, path, found);
          }
        }
      }
    }
  }

  private static void walkField(Object owner, Field field, String path, List<String> found) {
    field.setAccessible(true);
    Object value;
    try {
      value = field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    String prefix = path.isEmpty() ? "" : path + ".";
    if (field.getName().equals(ADDITIONAL_PROPERTIES) && value instanceof Map<?, ?> unknown) {
      unknown.keySet().forEach(key -> found.add(prefix + key));
    } else {
      walk(value, prefix + field.getName(), found);
    }
  }

  /** fabric8 model objects and this package's strict records; JDK values are leaves. */
  private static boolean isModel(Class<?> type) {
    String name = type.getName();
    return name.startsWith("io.fabric8.") || name.startsWith("dev.rivulet.helm.");
  }
}
