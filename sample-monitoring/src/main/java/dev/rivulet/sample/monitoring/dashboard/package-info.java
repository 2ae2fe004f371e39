/**
 * The sample's live page ({@code /}): per-service latency percentiles and error rate per window
 * with the anomalies marked, the alerts firing now (silences included) and the latest alerts,
 * and the JSON it polls ({@code GET /dashboard}).
 */
@NullMarked
package dev.rivulet.sample.monitoring.dashboard;

import org.jspecify.annotations.NullMarked;
