/**
 * Auto-configuration of the Rivulet runtime: {@code rivulet.*} properties, discovery of
 * {@link dev.rivulet.spring.StreamProcessor} beans, the runtime's lifecycle and readiness.
 */
@NullMarked
package dev.rivulet.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
