/**
 * REST access to the committed per-card profile (an interactive query of processor state).
 */
@NullMarked
package dev.rivulet.sample.fraud.web;

import org.jspecify.annotations.NullMarked;
