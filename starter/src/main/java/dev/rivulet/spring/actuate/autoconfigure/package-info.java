/**
 * Auto-configuration of Rivulet's Actuator endpoint, health indicator and info contributor.
 */
@NullMarked
package dev.rivulet.spring.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
