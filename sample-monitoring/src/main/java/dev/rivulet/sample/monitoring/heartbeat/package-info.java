/**
 * The {@code service-heartbeat} processor: processing-time timers notice a service that
 * stops reporting.
 */
@NullMarked
package dev.rivulet.sample.monitoring.heartbeat;

import org.jspecify.annotations.NullMarked;
