/**
 * REST access to a service's committed baseline and heartbeat (interactive queries).
 */
@NullMarked
package dev.rivulet.sample.monitoring.web;

import org.jspecify.annotations.NullMarked;
