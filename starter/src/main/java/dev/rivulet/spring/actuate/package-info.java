/**
 * Actuator support: the {@code rivulet} endpoint (runtime, tasks, processors, interactive
 * queries, pause/resume), a health indicator and an info contributor.
 */
@NullMarked
package dev.rivulet.spring.actuate;

import org.jspecify.annotations.NullMarked;
