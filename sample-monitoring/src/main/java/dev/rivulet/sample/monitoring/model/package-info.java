/**
 * The records on the topics: metric samples, per-window statistics and alerts (JSON).
 */
@NullMarked
package dev.rivulet.sample.monitoring.model;

import org.jspecify.annotations.NullMarked;
