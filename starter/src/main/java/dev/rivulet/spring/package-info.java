/**
 * Rivulet on Spring Boot: annotate a {@link dev.rivulet.api.KeyedProcessor} bean with
 * {@link dev.rivulet.spring.StreamProcessor} and the starter runs it in the application's single
 * Rivulet runtime. {@link dev.rivulet.spring.RivuletCustomizer} beans adjust the runtime builder.
 */
@NullMarked
package dev.rivulet.spring;

import org.jspecify.annotations.NullMarked;
