/**
 * The sample's live page ({@code /}): the alert feed, payments and alerts over time, detection
 * against the generator's ground truth, and the JSON it polls ({@code GET /dashboard}).
 */
@NullMarked
package dev.rivulet.sample.fraud.dashboard;

import org.jspecify.annotations.NullMarked;
