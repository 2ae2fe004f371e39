/**
 * The operations console ({@code rivulet.console.enabled}): a live page served by the
 * application itself over the {@code rivulet} Actuator endpoint, with charts computed from the
 * application's own meters by a {@link dev.rivulet.spring.console.MeterSampler}.
 */
@NullMarked
package dev.rivulet.spring.console;

import org.jspecify.annotations.NullMarked;
