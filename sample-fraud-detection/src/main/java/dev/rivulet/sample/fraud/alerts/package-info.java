/**
 * A downstream consumer of the fraud alerts: logs each alert, counts them by rule and
 * compares them with the generator's ground truth.
 */
@NullMarked
package dev.rivulet.sample.fraud.alerts;

import org.jspecify.annotations.NullMarked;
