/**
 * A downstream consumer of the alerts: logs them and compares them with the generator's incidents.
 */
@NullMarked
package dev.rivulet.sample.monitoring.alerts;

import org.jspecify.annotations.NullMarked;
