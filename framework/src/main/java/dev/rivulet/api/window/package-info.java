/**
 * Event-time windowed aggregations built on the keyed processor API: tumbling, hopping, sliding
 * and session windows with allowed lateness, optional early (provisional) results and a late
 * output. Start with {@link dev.rivulet.api.window.WindowedAggregation}.
 *
 * <p>Window state lives in ordinary declared state (a map state and a value state per
 * aggregation) and one event-time timer per key, so it is changelogged, restored and committed
 * exactly like any other processor state, and runs unchanged in the test driver, the runtime and
 * Spring beans.
 */
@NullMarked
package dev.rivulet.api.window;

import org.jspecify.annotations.NullMarked;
