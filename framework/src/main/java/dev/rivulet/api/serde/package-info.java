/** Serdes: Kafka {@code Serde}s for JSON (Jackson) and the built-in types. */
@NullMarked
package dev.rivulet.api.serde;

import org.jspecify.annotations.NullMarked;
